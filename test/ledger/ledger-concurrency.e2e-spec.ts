import { randomUUID } from 'node:crypto';
import { Ledger, LedgerVerifier, LedgerAction } from '@daicho/ledger';
import { createDataSource } from '@daicho/platform';
import type { DataSource } from 'typeorm';
import { TestApp } from '../harness/test-app';

jest.setTimeout(120_000);

describe('ledger under concurrent writers', () => {
  let t: TestApp;
  let writers: DataSource;

  beforeAll(async () => {
    t = await TestApp.start();
    writers = createDataSource({ url: t.adminUrl, entities: [], migrations: [], poolSize: 16 });
    await writers.initialize();
  });
  afterAll(async () => {
    await writers.destroy();
    await t.close();
  });

  it('16 writers × 500 appends, every 7th rolled back: gapless, chained, each committed entry once', async () => {
    const ledger = t.app.get(Ledger);
    const committed: string[] = [];
    const rolledBack: string[] = [];
    await Promise.all(
      Array.from({ length: 16 }, (_, writer) =>
        (async () => {
          for (let i = 0; i < 500; i++) {
            const requestId = `w${writer}-${i}-${randomUUID().slice(0, 8)}`;
            const rollBack = i % 7 === 3;
            await writers
              .transaction(async (manager) => {
                await ledger.append(
                  {
                    manager,
                    requestId,
                    actor: { kind: 'SYSTEM', id: `writer-${writer}`, role: null },
                  },
                  { action: LedgerAction.READ, categoryCode: 'EMPLOYEE', subjectId: randomUUID() },
                );
                if (rollBack) throw new Error('business failure');
              })
              .then(
                () => committed.push(requestId),
                () => rolledBack.push(requestId),
              );
          }
        })(),
      ),
    );
    expect(committed).toHaveLength(16 * 500 - rolledBack.length);
    expect(rolledBack.length).toBeGreaterThan(1000);

    const size = await t.sealLedger();
    const rows = await t.dataSource.query<{ seq: string; request_id: string }[]>(
      `SELECT seq, request_id FROM ledger_entries WHERE request_id LIKE 'w%' ORDER BY seq`,
    );
    expect(rows.map((r) => r.request_id).sort()).toEqual([...committed].sort());
    const [{ n, max, min }] = await t.dataSource.query<[{ n: number; max: string; min: string }]>(
      'SELECT count(*)::int AS n, max(seq) AS max, min(seq) AS min FROM ledger_entries',
    );
    expect({ n, min: Number(min), max: Number(max) }).toEqual({ n: size, min: 1, max: size });
    const report = await t.app.get(LedgerVerifier).verify();
    expect(report).toMatchObject({ ok: true, checkedEntries: size });
  });

  it('an idle sequencer only looks: no transaction while nothing waits, and it still seals the next append', async () => {
    await t.sealLedger();
    // Every empty batch used to open a transaction and roll it back, 60 times a second. Statistics
    // reach pg_stat_database at most once a second per backend: a 3 s window.
    const rollbacks = async () =>
      Number(
        (
          await t.dataSource.query<[{ n: string }]>(
            'SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
          )
        )[0].n,
      );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const before = await rollbacks();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await rollbacks()) - before).toBeLessThan(5);

    const requestId = `idle-${randomUUID().slice(0, 8)}`;
    await writers.transaction((manager) =>
      t.app
        .get(Ledger)
        .append(
          { manager, requestId, actor: { kind: 'SYSTEM', id: 'idle-writer', role: null } },
          { action: LedgerAction.READ, categoryCode: 'EMPLOYEE', subjectId: randomUUID() },
        ),
    );
    // Sealed by the loop itself (no flush): seq appears within a few polls.
    let seq: string | null = null;
    for (const deadline = Date.now() + 30_000; !seq && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      [{ seq }] = await t.dataSource.query<[{ seq: string | null }]>(
        'SELECT seq FROM ledger_entries WHERE request_id = $1',
        [requestId],
      );
    }
    expect(seq).not.toBeNull();
  });
});
