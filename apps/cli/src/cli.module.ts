import { type DynamicModule, Module } from '@nestjs/common';
import { IdentityModule } from '@daicho/identity';
import { InventoryCoreModule } from '@daicho/inventory';
import { HoldingsModule } from '@daicho/holdings';
import { IntegrationsModule } from '@daicho/integrations';
import { LedgerModule } from '@daicho/ledger';
import { ProvisionsCoreModule } from '@daicho/provisions';
import { RequestsCoreModule } from '@daicho/requests';
import { AppConfig, ConfigModule, DatabaseModule, LoggingModule } from '@daicho/platform';
import type { DataSource } from 'typeorm';

/** The libraries operator commands need, without the HTTP server. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forDataSource(dataSource),
        LedgerModule.forRoot({ sequencer: false, graphql: false }),
        IntegrationsModule.forRoot({ delivery: false, graphql: false }),
        InventoryCoreModule,
        HoldingsModule,
        ProvisionsCoreModule,
        RequestsCoreModule,
        IdentityModule,
      ],
    };
  }
}
