// Drops every database this run created (they share a unique prefix) and stops the embedded server.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export default async function globalTeardown() {
  const prefix = process.env.DAICHO_TEST_DB_PREFIX;
  const adminUrl = process.env.DAICHO_TEST_ADMIN_URL;
  if (prefix && adminUrl && process.env.TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_%'",
        [prefix],
      );
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await client.end();
    }
  }
  // The server build this run made once (test/harness/build-server-once.mjs).
  if (prefix)
    rmSync(join(import.meta.dirname, '..', '..', '.test-builds', prefix), {
      recursive: true,
      force: true,
    });
  const embedded = globalThis.__DAICHO_EMBEDDED_PG__;
  if (embedded) await embedded.stop();
}
