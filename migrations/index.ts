import { Identity1764150000000 } from './1764150000000-identity';
import { Ledger1764200000000 } from './1764200000000-ledger';
import { Inventory1764300000000 } from './1764300000000-inventory';
import { Holdings1764400000000 } from './1764400000000-holdings';
import { Provisions1764500000000 } from './1764500000000-provisions';
import { ProvisionRuleRetirement1764600000000 } from './1764600000000-provision-rule-retirement';
import { AccessGrants1764700000000 } from './1764700000000-access-grants';
import { ProvisionTrust1764710000000 } from './1764710000000-provision-trust';
import { PurposeItems1764720000000 } from './1764720000000-purpose-items';
import { SealedRecordTexts1764720000001 } from './1764720000001-sealed-record-texts';
import { HoldingsKeyringAndSweeps1764730000000 } from './1764730000000-holdings-keyring-and-sweeps';
import { Requests1764800000000 } from './1764800000000-requests';
import { RequestSafeguards1764810000000 } from './1764810000000-request-safeguards';
import { Incidents1764820000000 } from './1764820000000-incidents';
import { CorrectiveDoneNote1764830000000 } from './1764830000000-corrective-done-note';
import { IncidentFindings1764840000000 } from './1764840000000-incident-findings';
import { LedgerCoveringIndexes1764850000000 } from './1764850000000-ledger-covering-indexes';
import { LedgerRecordedAtIndex1764860000000 } from './1764860000000-ledger-recorded-at-index';
import { LedgerVerifications1764870000000 } from './1764870000000-ledger-verifications';
import { AccessRollup1764880000000 } from './1764880000000-access-rollup';
import { IntegrationGate1764890000000 } from './1764890000000-integration-gate';
import { LoginThrottle1764900000000 } from './1764900000000-login-throttle';
import { Totp1764910000000 } from './1764910000000-totp';
import { Webhooks1764920000000 } from './1764920000000-webhooks';
import { Sso1764930000000 } from './1764930000000-sso';
import { IdempotentStatus1764940000000 } from './1764940000000-idempotent-status';
import { ChangeNotifications1764950000000 } from './1764950000000-change-notifications';
import { ProvisionTimeKeys1764960000000 } from './1764960000000-provision-time-keys';
import { LedgerSequencedAtIndex1764970000000 } from './1764970000000-ledger-sequenced-at-index';
import { LedgerFilterIndexes1764980000000 } from './1764980000000-ledger-filter-indexes';
import { LedgerRecordedHours1764990000000 } from './1764990000000-ledger-recorded-hours';
import { LedgerSubjectIndex1765000000000 } from './1765000000000-ledger-subject-index';
import { AccessRollupSums1765010000000 } from './1765010000000-access-rollup-sums';
import { AccessRollupFold1765020000000 } from './1765020000000-access-rollup-fold';
import { ApiKeyApproval1765030000000 } from './1765030000000-api-key-approval';
import { CorrectiveDoneBy1765040000000 } from './1765040000000-corrective-done-by';
import { LedgerCheckpointRecorder1765050000000 } from './1765050000000-ledger-checkpoint-recorder';
import { LedgerSealSettings1765060000000 } from './1765060000000-ledger-seal-settings';
import { HoldingsIndexKeyCheck1765070000000 } from './1765070000000-holdings-index-key-check';
import { AuthenticatorResetGrant1765080000000 } from './1765080000000-authenticator-reset-grant';
import { RequestWithholding1765090000000 } from './1765090000000-request-withholding';
import { ProvisionSubjectsConsentIndex1765100000000 } from './1765100000000-provision-subjects-consent-index';
import { AccessReportCliOperators1765110000000 } from './1765110000000-access-report-cli-operators';
import { RequestLiftedExemptions1765120000000 } from './1765120000000-request-lifted-exemptions';
import { ChangeNotificationsAlways1765130000000 } from './1765130000000-change-notifications-always';
import { AccessOffHoursCliOperators1765140000000 } from './1765140000000-access-off-hours-cli-operators';

/** Every migration, oldest first; the only way the schema changes. */
export const MIGRATIONS = [
  Identity1764150000000,
  Ledger1764200000000,
  Inventory1764300000000,
  Holdings1764400000000,
  Provisions1764500000000,
  ProvisionRuleRetirement1764600000000,
  AccessGrants1764700000000,
  ProvisionTrust1764710000000,
  PurposeItems1764720000000,
  SealedRecordTexts1764720000001,
  HoldingsKeyringAndSweeps1764730000000,
  Requests1764800000000,
  RequestSafeguards1764810000000,
  Incidents1764820000000,
  CorrectiveDoneNote1764830000000,
  IncidentFindings1764840000000,
  LedgerCoveringIndexes1764850000000,
  LedgerRecordedAtIndex1764860000000,
  LedgerVerifications1764870000000,
  AccessRollup1764880000000,
  IntegrationGate1764890000000,
  LoginThrottle1764900000000,
  Totp1764910000000,
  Webhooks1764920000000,
  Sso1764930000000,
  IdempotentStatus1764940000000,
  ChangeNotifications1764950000000,
  ProvisionTimeKeys1764960000000,
  LedgerSequencedAtIndex1764970000000,
  LedgerFilterIndexes1764980000000,
  LedgerRecordedHours1764990000000,
  LedgerSubjectIndex1765000000000,
  AccessRollupSums1765010000000,
  AccessRollupFold1765020000000,
  ApiKeyApproval1765030000000,
  CorrectiveDoneBy1765040000000,
  LedgerCheckpointRecorder1765050000000,
  LedgerSealSettings1765060000000,
  HoldingsIndexKeyCheck1765070000000,
  AuthenticatorResetGrant1765080000000,
  RequestWithholding1765090000000,
  ProvisionSubjectsConsentIndex1765100000000,
  AccessReportCliOperators1765110000000,
  RequestLiftedExemptions1765120000000,
  ChangeNotificationsAlways1765130000000,
  AccessOffHoursCliOperators1765140000000,
];
