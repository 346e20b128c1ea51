import { join } from 'node:path';
import { LedgerKeys, LedgerStore, LedgerVerifier } from '@daicho/ledger';
import { createDataSource } from '@daicho/platform';
import type { PinoLogger } from 'nestjs-pino';
import { TestApp } from '../harness/test-app';
import { serverBuild } from '../harness/server-build';
import { asSuperuserAttacker } from './ledger-tamper.helpers';

/** More than the verifier's threshold for threads (four pages of 10,000). */
const SIZE = 45_000;

interface BuiltVerifier {
  LedgerVerifier: typeof LedgerVerifier;
  LedgerStore: typeof LedgerStore;
}

/**
 * Verification in worker threads, as production runs it: the threads exist only compiled, so the
 * verifier here is the server build's (dist/), on the same database as a test app whose own
 * verifier (from the sources) replays in one thread. Both must give the same report, intact or
 * tampered, with faults on a page's first row and in a page's middle.
 */
describe('ledger: verification in worker threads', () => {
  let t: TestApp;
  let built: BuiltVerifier;
  const replays: Record<string, unknown>[] = [];

  const builtVerifier = () => {
    const logger = {
      setContext: () => undefined,
      info: (fields: Record<string, unknown>) =>
        void replays.push({ ...fields, at: performance.now() }),
    } as unknown as PinoLogger;
    return new built.LedgerVerifier(
      new built.LedgerStore(t.dataSource),
      t.app.get(LedgerKeys),
      { LEDGER_VERIFY_THREADS: 2 } as never,
      t.dataSource,
      logger,
    );
  };
  const threaded = () => builtVerifier().verify();
  const bothReports = async () => {
    const [inThreads, inOne] = [await threaded(), await t.app.get(LedgerVerifier).verify()];
    expect(inThreads).toEqual(inOne);
    return inThreads;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    // Only the two modules, and after the app built its schema: the build's GraphQL types must
    // not meet the sources' in the one metadata store they share.
    const dist = join(serverBuild(), 'dist', 'libs', 'ledger', 'src');
    /* eslint-disable @typescript-eslint/no-require-imports */
    built = {
      ...(require(join(dist, 'verification', 'ledger-verifier')) as Pick<
        BuiltVerifier,
        'LedgerVerifier'
      >),
      ...(require(join(dist, 'reading', 'ledger-store')) as Pick<BuiltVerifier, 'LedgerStore'>),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    await t.dataSource.query(
      `INSERT INTO ledger_entries (actor_kind, actor_id, actor_role, action, outcome, subject_id,
              category_code, purpose_code, fields, request_id, details)
       SELECT 'USER', 'user-' || (g % 50), 'HR', 'READ', 'ALLOWED', gen_random_uuid(), 'EMPLOYEE',
              'PERSONNEL_ADMIN', '{name,住所}', 'bulk-' || g, jsonb_build_object('n', g, 'q', 'a"b')
         FROM generate_series(1, $1) g`,
      [SIZE - (await t.sealLedger())],
    );
    expect(await t.sealLedger()).toBe(SIZE);
  }, 120_000);
  afterAll(() => t.close());

  it('verifies an intact ledger in two threads, as one thread does', async () => {
    const report = await bothReports();
    expect(report).toMatchObject({ ok: true, checkedEntries: SIZE, firstInvalidSeq: null });
    expect(report.checkedCheckpoints).toBeGreaterThan(0);
    expect(replays.at(-1)).toMatchObject({ entries: SIZE, threads: 2 });
  });

  it('runs one threaded verification at a time: 20 at once all agree, their threads never overlap', async () => {
    const verifier = builtVerifier();
    replays.length = 0;
    const reports = await Promise.all(Array.from({ length: 20 }, () => verifier.verify()));
    for (const report of reports) expect(report).toEqual(reports[0]);
    expect(reports[0]).toMatchObject({ ok: true, checkedEntries: SIZE });
    const inThreads = replays
      .filter((r) => r.threads === 2)
      .map((r) => [Number(r.at) - Number(r.ms), Number(r.at)] as const)
      .sort((a, b) => a[0] - b[0]);
    expect(inThreads.length).toBeGreaterThanOrEqual(1);
    expect(replays.filter((r) => r.threads === 1).length).toBe(20 - inThreads.length);
    inThreads.forEach(([start], i) => {
      if (i > 0) expect(start).toBeGreaterThanOrEqual(inThreads[i - 1]![1] - 1);
    });
    // Twenty replays of 45,000 entries on two cores: ~26 s alone, past 60 s beside another
    // suite's worker in CI.
  }, 180_000);

  it('names an altered entry in the middle of a page', async () => {
    await asSuperuserAttacker(t, [
      `UPDATE ledger_entries SET purpose_code = 'MARKETING' WHERE seq = 33333`,
    ]);
    const report = await bothReports();
    expect(report).toMatchObject({ ok: false, firstInvalidSeq: 33333 });
    expect(report.reason).toBe(
      'entry 33333 does not match its stored hash (altered after sealing)',
    );
    expect(replays.at(-1)).toMatchObject({ threads: 2 });
  });

  it('names an entry deleted from the start of a page', async () => {
    await asSuperuserAttacker(t, ['DELETE FROM ledger_entries WHERE seq = 20001']);
    const report = await bothReports();
    expect(report).toMatchObject({
      ok: false,
      firstInvalidSeq: 20001,
      reason: 'entry 20001 is missing (the next stored is 20002)',
    });
  });

  it('reads the ledger’s own table whatever search_path the database sets, as the readers do', async () => {
    const [row] = await t.dataSource.query<{ name: string }[]>('SELECT current_database() AS name');
    const name = row?.name ?? '';
    // A copy of the entries as they are now, in a schema the database then searches first;
    // then an edit of the real table, below every fault the tests above made.
    await asSuperuserAttacker(t, [
      'CREATE SCHEMA shadow',
      'CREATE TABLE shadow.ledger_entries AS SELECT * FROM public.ledger_entries',
      `UPDATE public.ledger_entries SET outcome = 'DENIED' WHERE seq = 7`,
    ]);
    await t.dataSource.query(`ALTER DATABASE "${name}" SET search_path = shadow, public`);
    try {
      const report = await bothReports();
      expect(report).toMatchObject({
        ok: false,
        firstInvalidSeq: 7,
        reason: 'entry 7 does not match its stored hash (altered after sealing)',
      });
      expect(replays.at(-1)).toMatchObject({ threads: 2 });
      // A reader's new connection sees the same table the verifier read, not the copy.
      const url = (t.dataSource.options as { url: string }).url;
      const reader = createDataSource({ url, entities: [], migrations: [] });
      await reader.initialize();
      try {
        const [entry] = await reader.query<{ outcome: string }[]>(
          'SELECT outcome FROM ledger_entries WHERE seq = 7',
        );
        expect(entry?.outcome).toBe('DENIED');
      } finally {
        await reader.destroy();
      }
    } finally {
      await t.dataSource.query(`ALTER DATABASE "${name}" RESET search_path`);
    }
  });

  it('refuses a table re-typed, or under row-level security, before reading an entry', async () => {
    await asSuperuserAttacker(t, [
      'ALTER TABLE ledger_entries ALTER COLUMN actor_role TYPE varchar(40)',
    ]);
    try {
      const report = await bothReports();
      expect(report).toMatchObject({
        ok: false,
        checkedEntries: 0,
        firstInvalidSeq: null,
        reason: "the ledger's table was altered: actor_role character varying(40), not text",
      });
    } finally {
      await asSuperuserAttacker(t, [
        'ALTER TABLE ledger_entries ALTER COLUMN actor_role TYPE text',
      ]);
    }
    // Row-level security could hide rows from some sessions and not from others.
    await asSuperuserAttacker(t, ['ALTER TABLE ledger_entries ENABLE ROW LEVEL SECURITY']);
    try {
      expect(await bothReports()).toMatchObject({
        ok: false,
        checkedEntries: 0,
        reason: "the ledger's table was altered: ledger_entries has row-level security",
      });
    } finally {
      await asSuperuserAttacker(t, ['ALTER TABLE ledger_entries DISABLE ROW LEVEL SECURITY']);
    }
  });
});
