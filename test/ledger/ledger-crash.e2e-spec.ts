import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ledger, LedgerKeys, LedgerStore, LedgerVerifier, LedgerAction } from '@daicho/ledger';
import { createDataSource, freeLoopbackPort, loadConfig } from '@daicho/platform';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { exited, launch, type Proc } from '../harness/child-server';
import { serverBuild } from '../harness/server-build';
import { cliOperator } from '../../apps/cli/src/cli-operator';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Crash safety and the single sequencer, with real processes: the built server (node dist/…)
 * against a PostgreSQL cluster of this file's own, which the test may stop the hard way.
 */
describe('ledger crash safety and the single sequencer', () => {
  const pgDir = mkdtempSync(join(tmpdir(), 'daicho-crash-pg-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'daicho-crash-data-'));
  const password = randomBytes(12).toString('hex');
  let pgPort: number;
  let url: string;
  let postgres: Proc;
  let ds: DataSource;
  const config = loadConfig({ NODE_ENV: 'test' });
  const acknowledged: string[] = [];
  let built: string;

  const startPostgres = async () => {
    postgres = await launch(
      process.execPath,
      [join(ROOT, 'test/harness/scratch-postgres.mjs'), pgDir, String(pgPort), password],
      {},
      'ready',
    );
  };
  const startServer = async () => {
    const port = await freeLoopbackPort();
    return launch(
      process.execPath,
      [join(built, 'dist/apps/api/src/main.js')],
      {
        DATABASE_URL: url,
        PORT: String(port),
        DAICHO_DATA_DIR: dataDir,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
      },
      'GraphQL API ready',
    );
  };

  /** Writers commit READ entries as API processes do; only committed appends count as acknowledged. */
  const writeUnderLoad = (writers: number) => {
    const ledger = new Ledger(config);
    let running = true;
    const loops = Array.from({ length: writers }, async () => {
      while (running) {
        try {
          const ids: (string | null)[] = [];
          await ds.transaction(async (manager) => {
            ids.push(
              ...(await ledger.appendMany(
                {
                  manager,
                  requestId: randomUUID(),
                  actor: { kind: 'SYSTEM', id: 'load', role: null },
                },
                [{ action: LedgerAction.READ, categoryCode: 'EMPLOYEE', subjectId: randomUUID() }],
              )),
            );
          });
          acknowledged.push(ids[0] as string);
        } catch {
          await sleep(50); // the database is down: not acknowledged, try again
        }
      }
    });
    return async () => {
      running = false;
      await Promise.all(loops);
    };
  };

  const waitUntilSealed = async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = await ds.query<{ waiting: number }[]>(
        'SELECT count(*)::int AS waiting FROM ledger_entries WHERE seq IS NULL',
      );
      if (row!.waiting === 0) return;
      if (Date.now() > deadline) throw new Error(`${row!.waiting} entries never sealed`);
      await sleep(100);
    }
  };

  const expectIntactLedger = async () => {
    await waitUntilSealed();
    const sealed = await ds.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM ledger_entries WHERE id = ANY($1::uuid[]) AND seq IS NOT NULL',
      [acknowledged],
    );
    expect(sealed[0]!.n).toBe(acknowledged.length);
    const keys = await LedgerKeys.load({
      origin: config.LEDGER_ORIGIN,
      signingKeyFile: join(dataDir, 'ledger-signing-key.pem'),
      pseudonymKeyFile: join(dataDir, 'ledger-pseudonym.key'),
    });
    const logger = new PinoLogger({ pinoHttp: { level: 'silent' } });
    const report = await new LedgerVerifier(new LedgerStore(ds), keys, config, ds, logger).verify();
    const [{ n }] = await ds.query<[{ n: number }]>(
      'SELECT count(*)::int AS n FROM ledger_entries',
    );
    expect(report).toMatchObject({ ok: true, checkedEntries: n });
  };

  beforeAll(async () => {
    built = serverBuild();
    pgPort = await freeLoopbackPort();
    await startPostgres();
    url = `postgres://postgres:${password}@127.0.0.1:${pgPort}/postgres`;
    ds = createDataSource({ url, entities: [], migrations: [], poolSize: 8 });
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    postgres?.child.kill('SIGTERM');
    if (postgres) await exited(postgres);
  });

  it('kill -9 of the server while it seals loses and duplicates nothing; the log continues', async () => {
    const server = await startServer(); // migrates the scratch database on its first start
    await ds.initialize();
    const stop = writeUnderLoad(6);
    await sleep(1500);
    server.child.kill('SIGKILL');
    await exited(server);
    await sleep(500); // appends keep committing while no sequencer runs
    const again = await startServer();
    await sleep(1000);
    await stop();
    await expectIntactLedger();
    expect(acknowledged.length).toBeGreaterThan(100);
    again.child.kill('SIGTERM');
    await exited(again);
  });

  it('an immediate PostgreSQL stop under load loses and duplicates nothing', async () => {
    const server = await startServer();
    const before = acknowledged.length;
    const stop = writeUnderLoad(6);
    await sleep(1000);
    const pid = Number(readFileSync(join(pgDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGQUIT'); // "immediate" shutdown: no checkpoint, crash recovery on start
    postgres.child.kill('SIGKILL');
    await exited(postgres);
    while (spawnSync('kill', ['-0', String(pid)]).status === 0) await sleep(50);
    await sleep(500);
    await startPostgres();
    await sleep(2500); // the server's pool and the sequencer reconnect by themselves
    await stop();
    expect(acknowledged.length).toBeGreaterThan(before + 50);
    await expectIntactLedger();
    server.child.kill('SIGTERM');
    await exited(server);
  });

  it('two server processes: one sequencer, one log; the other takes over when it dies', async () => {
    const a = await startServer();
    const b = await startServer();
    const stop = writeUnderLoad(6);
    await sleep(1500);
    const holders = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND s.application_name = 'daicho-sequencer'`,
    );
    expect(holders[0]!.n).toBe(1);
    const leaders = [a, b].filter((p) => p.output().includes('sequencer lease acquired'));
    expect(leaders).toHaveLength(1);
    const [leader] = leaders;
    const follower = leader === a ? b : a;
    leader!.child.kill('SIGKILL');
    await exited(leader!);
    await sleep(2000);
    await stop();
    await expectIntactLedger();
    expect(follower.output()).toContain('sequencer lease acquired');
    expect(a.output() + b.output()).not.toContain('LEDGER_HEAD_MOVED');
    follower.child.kill('SIGTERM');
    await exited(follower);
  });

  it('ledger:export from the CLI writes a bundle the offline verifier accepts, and is itself recorded', async () => {
    const out = join(dataDir, 'evidence.tar');
    const env = { ...process.env, DATABASE_URL: url, DAICHO_DATA_DIR: dataDir };
    const exported = spawnSync(
      process.execPath,
      [join(built, 'dist/apps/cli/src/main.js'), 'ledger:export', '--out', out],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/Wrote .*evidence\.tar: entries 1–\d+/);
    const key = /--public-key '([^']+)'/.exec(exported.stdout)?.[1] as string;
    const checked = spawnSync(
      process.execPath,
      [join(ROOT, 'tools/verify-ledger.js'), out, '--public-key', key],
      {
        encoding: 'utf8',
      },
    );
    expect(checked.stdout).toContain('OK: every check holds.');
    expect(checked.status).toBe(0);
    const recorded = await ds.query<{ action: string; sha256: string }[]>(
      `SELECT action, details->>'sha256' AS sha256 FROM ledger_entries WHERE actor_id = $1`,
      [cliOperator().id],
    );
    // The entry names the very file (written under another name until it was recorded).
    const digest = createHash('sha256').update(readFileSync(out)).digest('hex');
    expect(recorded).toEqual([{ action: LedgerAction.EXPORT, sha256: digest }]);
    expect(readdirSync(dirname(out)).filter((f) => f.includes('.partial-'))).toEqual([]);
    const bad = spawnSync(
      process.execPath,
      [join(built, 'dist/apps/cli/src/main.js'), 'ledger:export', '--out', out, '--from', 'x'],
      {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(65);
    expect(bad.stderr).toContain('--from must be a sequence number');
    // An existing file is not overwritten, and nothing is recorded for the refused export.
    const again = spawnSync(
      process.execPath,
      [join(built, 'dist/apps/cli/src/main.js'), 'ledger:export', '--out', out],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    expect(again.status).toBe(65);
    expect(again.stderr).toContain('exists already');
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(digest);
    expect(
      await ds.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE actor_id = $1`, [
        cliOperator().id,
      ]),
    ).toEqual([{ n: 1 }]);
    expect(readdirSync(dirname(out)).filter((f) => f.includes('.partial-'))).toEqual([]);
  });
});
