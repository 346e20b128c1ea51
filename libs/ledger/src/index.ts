export { LedgerModule, type LedgerModuleOptions } from './ledger.module';
export { Ledger, LedgerEntryRejected, type LedgerContext } from './ledger';
export type { LedgerEntryInput, LedgerActor, LedgerDetails } from './entry/entry-input';
export { LEDGER_ACTIONS, type LedgerOutcome, type StoredEntry } from './entry/ledger-entry';
export { LedgerKeys } from './keys/ledger-keys';
export { LedgerSequencer } from './sequencer/ledger-sequencer';
