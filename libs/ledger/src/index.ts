export { LedgerModule, type LedgerModuleOptions } from './ledger.module';
export { Ledger, LedgerEntryRejected, type LedgerContext } from './ledger';
export type { LedgerEntryInput, LedgerActor, LedgerDetails } from './entry/entry-input';
export { personalDataIn } from './entry/entry-input';
export { type LedgerOutcome, type StoredEntry } from './entry/ledger-entry';
export { LedgerAction, LEDGER_ACTIONS, isLedgerAction } from '@daicho/platform';
export { LedgerKeys } from './keys/ledger-keys';
export { LedgerSequencer } from './sequencer/ledger-sequencer';
export { LedgerStore, selectSealedEntries, type EntryFilter } from './reading/ledger-store';
export type { EntryRow } from './entry/entry-columns';
export { storedEntryOf } from './entry/entry-columns';
export { LedgerProofs } from './reading/ledger-proofs';
export { recordedSeqSpan } from './reading/recorded-span';
export { LedgerVerifier } from './verification/ledger-verifier';
export { LedgerAudit, type VerificationReport } from './verification/ledger-audit';
export { verifyInclusion, verifyConsistency, leafHash, EMPTY_ROOT } from './merkle/merkle';
export { openCheckpoint, parseVerifierKey } from './checkpoint/signed-note';
export { EvidenceExporter, BUNDLE_FORMAT, type ExportSummary } from './evidence/evidence-bundle';
export { sequenceNumber } from './evidence/sequence-number';
export {
  EntryProofs,
  ENTRY_PROOFS_FORMAT,
  type EntryProof,
  type EntryProofDocument,
  type EntryProofOptions,
  type EntryVerification,
} from './evidence/entry-proofs';
export {
  ReportedAccessCatalog,
  type ReportedAccess,
  type ReportedAccessMisfit,
} from './events/reported-access-catalog';
export { CheckpointStamps, type CheckpointStampData } from './evidence/checkpoint-stamps';
