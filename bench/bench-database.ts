import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '@daicho/migrations';
import {
  loadConfig,
  type AppConfig,
  createDataSource,
  runMigrations,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '@daicho/platform';
import { Client } from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';

export interface BenchDatabase {
  url: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on BENCH_DATABASE_URL's server when set,
 * otherwise on the embedded PostgreSQL under ./.data (as `npm start` uses). Dropped afterwards
 * unless BENCH_KEEP_DATABASE is set.
 */
export async function benchDatabase(
  poolSize: number,
  entities: DataSourceOptions['entities'] = [],
): Promise<BenchDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  const serverUrl =
    process.env.BENCH_DATABASE_URL ??
    (embedded = await startEmbeddedDatabase({ dataDir: process.env.DAICHO_DATA_DIR ?? './.data' }))
      .url;
  // BENCH_REUSE_DATABASE names a database an earlier run kept (BENCH_KEEP_DATABASE): used as is.
  const reused = process.env.BENCH_REUSE_DATABASE;
  const name = reused ?? `daicho_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  if (!reused) await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({
    url: url.toString(),
    entities,
    migrations: MIGRATIONS,
    poolSize,
    applicationName: 'daicho-bench',
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    url: url.toString(),
    dataSource,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      // BENCH_KEEP_DATABASE=1 leaves it for a closer look (EXPLAIN at the bench's size).
      if (process.env.BENCH_KEEP_DATABASE || reused) console.log(`  database kept: ${name}`);
      else await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
      await embedded?.stop();
    },
  };
}

/**
 * The server's settings for a benchmark on `db`: production mode, warnings only, a fresh data
 * directory (keys, checkpoint log) of its own; `extra` on top.
 */
export async function benchConfig(
  db: BenchDatabase,
  extra: Record<string, string> = {},
): Promise<{ config: AppConfig; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'daicho-bench-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.url,
    DAICHO_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...extra,
  });
  return { config, dataDir };
}
