import { randomBytes } from 'node:crypto';
import { MIGRATIONS } from '@daicho/migrations';
import { createDataSource, runMigrations } from '@daicho/platform';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.DAICHO_TEST_ADMIN_URL;
  if (!url) throw new Error('The jest global set-up did not run (DAICHO_TEST_ADMIN_URL is unset).');
  return url;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Gives the calling test file a database of its own, cloned from a template that is migrated once
 * per run. An advisory lock serialises the first migration and the clones across jest workers.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const prefix = process.env.DAICHO_TEST_DB_PREFIX ?? 'daicho_t';
  const template = `${prefix}_template`;
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [template]);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${template}"`);
      const dataSource = createDataSource({
        url: withDatabase(adminUrl(), template),
        entities: [],
        migrations: MIGRATIONS,
        poolSize: 1,
      });
      await dataSource.initialize();
      try {
        await runMigrations(dataSource);
      } finally {
        await dataSource.destroy();
      }
    }
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.query(`SELECT pg_advisory_unlock(hashtext($1))`, [template]).catch(() => undefined);
    await admin.end();
  }
  return {
    name,
    url: withDatabase(adminUrl(), name),
    async drop() {
      const client = new Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A file-level copy of an idle test database (nobody connected), as a backup taken at that
 * moment would restore it. Dropped by its own `drop`.
 */
export async function copyTestDatabase(source: TestDatabase): Promise<TestDatabase> {
  const name = `${source.name}_copy_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${source.name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(adminUrl(), name),
    async drop() {
      const client = new Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
