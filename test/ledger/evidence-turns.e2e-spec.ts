import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Role, TestApp } from '../harness/test-app';
import { appendReads } from './ledger-tamper.helpers';

/** Polls `condition` until it holds, failing after `ms` with what was awaited. */
async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The auditor's evidence download builds its bundle in memory, one at a time a server: a second
 * download meanwhile is refused at once (THROTTLED, Retry-After), not queued, and a download
 * whose client left before its bundle was built leaves no EXPORT entry for a file nobody got.
 * A table lock on the tree nodes (read while the bundle's proofs are built) holds a build midway,
 * so no test depends on how long a build takes.
 */
describe('ledger: evidence downloads one at a time, recorded only when sent', () => {
  let t: TestApp;
  let auditor: string;
  const exports = async () =>
    (await t.ledgerRows(`action = 'EXPORT' AND target_type = 'LedgerEvidence'`)).length;
  const download = () =>
    t.http.get('/ledger/evidence.tar').set('authorization', `Bearer ${auditor}`);

  /** Builds reach the tree nodes and wait there until `release`. */
  async function holdBuilds() {
    const admin = new Client({ connectionString: t.adminUrl });
    await admin.connect();
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE ledger_tree_nodes IN ACCESS EXCLUSIVE MODE');
    const waiting = async () =>
      (
        await admin.query<{ n: number }>(
          // A reader's lock (the sequencer writes); its query text may not be shown yet, as
          // the lock is taken while the statement is parsed.
          `SELECT count(*)::int AS n FROM pg_locks
            WHERE NOT granted AND relation = 'ledger_tree_nodes'::regclass
              AND mode = 'AccessShareLock'`,
        )
      ).rows[0]!.n;
    return {
      waiting,
      release: async () => {
        await admin.query('COMMIT');
        await admin.end();
      },
    };
  }

  beforeAll(async () => {
    t = await TestApp.start();
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    await appendReads(t, 40);
    await t.sealLedger();
  });
  afterAll(() => t.close());

  it('refuses a second download while a bundle is built, THROTTLED with Retry-After; one entry', async () => {
    const before = await exports();
    const hold = await holdBuilds();
    let first: Promise<{ status: number; body: Buffer }> | undefined;
    try {
      first = t.download('/ledger/evidence.tar', auditor);
      await until(async () => (await hold.waiting()) > 0, 'the first build to reach the lock');
      let second: Awaited<ReturnType<typeof download>> | undefined;
      void download().then((res) => (second = res));
      await until(() => second !== undefined, 'the second download to be answered meanwhile');
      expect(second!.status).toBe(429);
      expect(second!.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect((second!.body as { error: { code: string } }).error.code).toBe('THROTTLED');
    } finally {
      await hold.release();
    }
    const served = await first;
    expect(served.status).toBe(200);
    expect(served.body.length).toBeGreaterThan(0);
    expect(await exports()).toBe(before + 1);
  });

  it('records no EXPORT for a client that left while its bundle was built', async () => {
    const before = await exports();
    const server = t.app.getHttpServer();
    if (!server.address())
      await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const { port } = server.address() as AddressInfo;
    const hold = await holdBuilds();
    try {
      const leaving = new AbortController();
      const outcome = fetch(`http://127.0.0.1:${port}/ledger/evidence.tar`, {
        headers: { authorization: `Bearer ${auditor}`, 'x-request-id': 'evidence-left-0001' },
        signal: leaving.signal,
      }).then(
        () => 'answered',
        () => 'aborted',
      );
      await until(async () => (await hold.waiting()) > 0, 'the build to reach the lock');
      leaving.abort();
      expect(await outcome).toBe('aborted');
      // The server has seen the client go (its request line says so) before the build goes on.
      await until(
        () =>
          t.logs
            .split('\n')
            .some(
              (line) =>
                line.includes('"clientRequestId":"evidence-left-0001"') &&
                line.includes('request aborted'),
            ),
        'the server to see the client leave',
      );
    } finally {
      await hold.release();
    }
    // The build it began ends, and frees the turn: the next download is served.
    let next: Awaited<ReturnType<typeof download>> | undefined;
    await until(async () => {
      next = await download();
      return next.status !== 429;
    }, 'the abandoned build to end');
    expect(next!.status).toBe(200);
    expect(await exports()).toBe(before + 1);
  });
});
