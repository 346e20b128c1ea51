import { IntegrationsModule } from '@daicho/integrations';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HoldingsModule } from '@daicho/holdings';
import { InventoryCoreModule } from '@daicho/inventory';
import { LedgerModule } from '@daicho/ledger';
import { MIGRATIONS } from '@daicho/migrations';
import { ProvisionsCoreModule } from '@daicho/provisions';
import {
  ConfigModule,
  DatabaseModule,
  LoggingModule,
  createDataSource,
  loadConfig,
} from '@daicho/platform';
import type { DataSource } from 'typeorm';
import { ENTITIES } from '../../apps/api/src/entities';
import { createTestDatabase } from '../harness/test-database';

/**
 * The ports through which a lower library asks a higher one (ItemUsage: "does
 * a record still hold this item?"; SubjectHandOffs: "where did this person's data go?") are
 * required. A composition that leaves one out must refuse to start, naming the port, instead of
 * silently dropping the check or the hand-offs from a person's footprint.
 */
describe('ports are required', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'daicho-ports-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const compose = (
    features: (DynamicModule | typeof Module | object)[],
    // Never initialised unless given: the refusals come before anything reaches the database.
    dataSource: DataSource = createDataSource({
      url: 'postgres://nobody@127.0.0.1:1/none',
      entities: ENTITIES,
      migrations: MIGRATIONS,
      poolSize: 1,
    }),
  ) => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DAICHO_DATA_DIR: dataDir });
    return Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forDataSource(dataSource),
        LedgerModule.forRoot({ sequencer: false, graphql: false }),
        IntegrationsModule.forRoot({ delivery: false, graphql: false }),
        ...(features as DynamicModule[]),
      ],
    }).compile();
  };

  it('refuses the catalog without ItemUsage (no holdings to count the records holding an item)', async () => {
    await expect(compose([InventoryCoreModule])).rejects.toThrow(
      /CategoryService.*ItemUsage at index \[1\]/s,
    );
  });

  it('refuses the holdings without SubjectHandOffs (no provisions to show the hand-offs)', async () => {
    await expect(compose([InventoryCoreModule, HoldingsModule])).rejects.toThrow(
      /SubjectService.*SubjectHandOffs at index \[5\]/s,
    );
  });

  it('starts with both ports provided (the CLI composition)', async () => {
    const database = await createTestDatabase();
    const dataSource = createDataSource({
      url: database.url,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      poolSize: 2,
    });
    await dataSource.initialize();
    try {
      const moduleRef = await compose(
        [InventoryCoreModule, HoldingsModule, ProvisionsCoreModule],
        dataSource,
      );
      expect(moduleRef).toBeDefined();
      await moduleRef.close();
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    }
  });
});
