import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { AppConfig, AuditTrail } from '@daicho/platform';
import { CheckpointStamps } from './evidence/checkpoint-stamps';
import { EntryProofs } from './evidence/entry-proofs';
import { EvidenceController } from './evidence/evidence.controller';
import { EvidenceExporter } from './evidence/evidence-bundle';
import { LedgerKeys } from './keys/ledger-keys';
import { Ledger } from './ledger';
import { LedgerAuditTrail } from './ledger-audit-trail';
import { LedgerSequencer } from './sequencer/ledger-sequencer';
import { AccessEventsResolver } from './events/access-events.resolver';
import { AccessEventBudget } from './events/access-event-budget';
import { AccessEventsService } from './events/access-events.service';
import { LedgerResolver } from './graphql/ledger.resolver';
import { LedgerProofs } from './reading/ledger-proofs';
import { LedgerStore } from './reading/ledger-store';
import { LedgerVerifier } from './verification/ledger-verifier';
import { VerificationLog } from './verification/verification-log';

export interface LedgerModuleOptions {
  /** Run the sequencer in this process (the server does; one-shot CLI commands need not). */
  sequencer: boolean;
  /** Serve the auditor's queries and recordAccessEvents over GraphQL, and the evidence download. */
  graphql: boolean;
}

const KEYS: Provider = {
  provide: LedgerKeys,
  inject: [AppConfig],
  useFactory: (config: AppConfig) =>
    LedgerKeys.load({
      origin: config.LEDGER_ORIGIN,
      signingKeyFile: config.ledgerSigningKeyFile,
      pseudonymKeyFile: config.ledgerPseudonymKeyFile,
    }),
};

/** The ledger: the append API for every library, the sequencer, and the AuditTrail behind it. */
@Global()
@Module({})
export class LedgerModule {
  static forRoot(options: LedgerModuleOptions): DynamicModule {
    return {
      module: LedgerModule,
      controllers: options.graphql ? [EvidenceController] : [],
      providers: [
        KEYS,
        Ledger,
        LedgerAuditTrail,
        { provide: AuditTrail, useExisting: LedgerAuditTrail },
        ...(options.sequencer ? [LedgerSequencer] : []),
        LedgerStore,
        LedgerProofs,
        LedgerVerifier,
        VerificationLog,
        EvidenceExporter,
        EntryProofs,
        CheckpointStamps,
        ...(options.graphql
          ? [LedgerResolver, AccessEventsService, AccessEventBudget, AccessEventsResolver]
          : []),
      ],
      exports: [
        Ledger,
        LedgerKeys,
        AuditTrail,
        LedgerStore,
        LedgerProofs,
        LedgerVerifier,
        EvidenceExporter,
        EntryProofs,
        CheckpointStamps,
        ...(options.sequencer ? [LedgerSequencer] : []),
      ],
    };
  }
}
