import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { AppConfig, AuditTrail } from '@daicho/platform';
import { LedgerKeys } from './keys/ledger-keys';
import { Ledger } from './ledger';
import { LedgerAuditTrail } from './ledger-audit-trail';
import { LedgerSequencer } from './sequencer/ledger-sequencer';

export interface LedgerModuleOptions {
  /** Run the sequencer in this process (the server does; one-shot CLI commands need not). */
  sequencer: boolean;
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
      providers: [
        KEYS,
        Ledger,
        LedgerAuditTrail,
        { provide: AuditTrail, useExisting: LedgerAuditTrail },
        ...(options.sequencer ? [LedgerSequencer] : []),
      ],
      exports: [Ledger, LedgerKeys, AuditTrail, ...(options.sequencer ? [LedgerSequencer] : [])],
    };
  }
}
