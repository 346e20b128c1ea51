import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '@daicho/access';
import { IdentityModule } from '@daicho/identity';
import { InventoryModule } from '@daicho/inventory';
import { HoldingsModule } from '@daicho/holdings';
import { ProvisionsModule } from '@daicho/provisions';
import { IncidentsModule } from '@daicho/incidents';
import { RequestsModule } from '@daicho/requests';
import { ReportsModule } from '@daicho/reports';
import { IntegrationsModule } from '@daicho/integrations';
import { LedgerModule } from '@daicho/ledger';
import {
  AppConfig,
  ConfigModule,
  DatabaseModule,
  GraphqlApiModule,
  HealthModule,
  LoggingModule,
} from '@daicho/platform';
import type { DestinationStream } from 'pino';
import type { DataSource } from 'typeorm';

export interface AppModuleOptions {
  config: AppConfig;
  /** Initialised and migrated. */
  dataSource: DataSource;
  /** Where JSON logs go; stdout when omitted (tests capture them). */
  logDestination?: DestinationStream;
}

/** Composes the libraries into the GraphQL server; no domain logic lives here. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggingModule.forRoot(options.config, options.logDestination),
        DatabaseModule.forDataSource(options.dataSource),
        LedgerModule.forRoot({ sequencer: true, graphql: true }),
        IntegrationsModule.forRoot({ delivery: true, graphql: true }),
        GraphqlApiModule.forRoot(),
        HealthModule,
        IdentityModule,
        AccessModule.forRoot({ authenticatorModule: IdentityModule }),
        InventoryModule,
        HoldingsModule,
        ProvisionsModule,
        RequestsModule,
        IncidentsModule,
        ReportsModule,
      ],
    };
  }
}
