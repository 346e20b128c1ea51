import { Global, Module } from '@nestjs/common';
import { SubjectHandOffs } from '@daicho/holdings';
import { ConsentEvidenceSealer } from './consent/consent-evidence-sealer';
import { ConsentResolver } from './consent/consent.resolver';
import { ConsentService } from './consent/consent.service';
import { ContractService } from './entrustment/contract.service';
import { EntrustmentResolver } from './entrustment/entrustment.resolver';
import { EntrustmentService } from './entrustment/entrustment.service';
import { PartyResolver } from './party/party.resolver';
import { PartyService } from './party/party.service';
import { ProvisionExport } from './provision/provision-export';
import { ProvisionExportController } from './provision/provision-export.controller';
import { ProvisionResolver } from './provision/provision.resolver';
import { ProvisionApproval } from './provision/provision-approval.service';
import { ProvisionReader } from './provision/provision-reader';
import { ProvisionService } from './provision/provision.service';
import { ReceiptResolver } from './receipt/receipt.resolver';
import { ReceiptService } from './receipt/receipt.service';
import { ProvisionRuleResolver } from './rule/provision-rule.resolver';
import { ProvisionRuleSeeder } from './rule/provision-rule-seeder';
import { ProvisionRuleService } from './rule/provision-rule.service';
import { ProvisionHandOffs } from './subject/provision-hand-offs';
import { SubjectRecordsResolver } from './subject/subject-records.resolver';
import { SubjectProvisionRecords } from './subject/subject-records.service';

const SERVICES = [
  PartyService,
  ProvisionRuleService,
  ConsentService,
  ProvisionReader,
  ProvisionService,
  ProvisionApproval,
  ReceiptService,
  ContractService,
  EntrustmentService,
  ProvisionExport,
  SubjectProvisionRecords,
];

/**
 * Hand-offs of personal data (APPI arts. 25–30): parties, provision rules, consents, provision
 * records, receipts, entrustment contracts. Global, so a person's footprint (holdings) sees
 * their hand-offs through the SubjectHandOffs port.
 */
@Global()
@Module({
  providers: [
    ...SERVICES,
    ProvisionRuleSeeder,
    ConsentEvidenceSealer,
    { provide: SubjectHandOffs, useClass: ProvisionHandOffs },
    PartyResolver,
    ProvisionRuleResolver,
    ConsentResolver,
    ProvisionResolver,
    ReceiptResolver,
    EntrustmentResolver,
    SubjectRecordsResolver,
  ],
  controllers: [ProvisionExportController],
  exports: [ProvisionExport, SubjectHandOffs, SubjectProvisionRecords],
})
export class ProvisionsModule {}

/** The services without GraphQL or HTTP, for operator commands; global for the same port. */
@Global()
@Module({
  providers: [...SERVICES, { provide: SubjectHandOffs, useClass: ProvisionHandOffs }],
  exports: [ProvisionExport, SubjectHandOffs, SubjectProvisionRecords],
})
export class ProvisionsCoreModule {}
