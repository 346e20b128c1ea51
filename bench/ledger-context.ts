import { IntegrationsModule } from '@daicho/integrations';
import { type INestApplicationContext, Module, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LedgerModule } from '@daicho/ledger';
import { type AppConfig, ConfigModule, DatabaseModule, LoggingModule } from '@daicho/platform';
import type { BenchDatabase } from './bench-database';

/**
 * The ledger with its sequencer on the bench's database, wired as the server wires it but without
 * HTTP or GraphQL, with `providers` (the services a bench drives) on top; initialised.
 */
export async function ledgerContext(
  db: BenchDatabase,
  config: AppConfig,
  providers: Provider[] = [],
): Promise<INestApplicationContext> {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(config),
      DatabaseModule.forDataSource(db.dataSource),
      LedgerModule.forRoot({ sequencer: true, graphql: false }),
      IntegrationsModule.forRoot({ delivery: false, graphql: false }),
    ],
    providers,
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  await app.init();
  return app;
}
