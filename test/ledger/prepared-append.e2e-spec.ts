import { randomUUID } from 'node:crypto';
import { Ledger } from '@daicho/ledger';
import { createDataSource, LedgerAction, loadConfig } from '@daicho/platform';
import { TestApp } from '../harness/test-app';

/**
 * Appends run a named prepared statement on their pooled connection, unless
 * DATABASE_PREPARED_STATEMENTS is off (a pooler in transaction mode that does not keep them).
 */
describe('ledger appends: prepared once per connection, or not at all', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  /** Appends one entry and answers which of the ledger's statements its connection has prepared. */
  const preparedAfterAppend = async (ledger: Ledger, dataSource = t.dataSource) =>
    dataSource.transaction(async (manager) => {
      await ledger.append(
        { manager, requestId: randomUUID(), actor: { kind: 'SYSTEM', id: 'test', role: null } },
        { action: LedgerAction.READ, categoryCode: 'EMPLOYEE', subjectId: randomUUID() },
      );
      const rows = await manager.query<{ name: string }[]>(
        `SELECT name FROM pg_prepared_statements WHERE name LIKE 'daicho_ledger_%'`,
      );
      return rows.map((r) => r.name);
    });

  it('prepares the append by default, and not with the setting off; both record the entry', async () => {
    const before = await t.count('ledger_entries');
    expect(await preparedAfterAppend(t.app.get(Ledger))).toEqual(['daicho_ledger_append']);
    // A pool of its own, so no connection carries the statement from the call above.
    const fresh = createDataSource({ url: t.adminUrl, entities: [], migrations: [], poolSize: 1 });
    await fresh.initialize();
    try {
      const off = new Ledger(
        loadConfig({
          NODE_ENV: 'test',
          DAICHO_DATA_DIR: t.dataDir,
          DATABASE_PREPARED_STATEMENTS: 'false',
        }),
      );
      expect(await preparedAfterAppend(off, fresh)).toEqual([]);
    } finally {
      await fresh.destroy();
    }
    expect(await t.count('ledger_entries')).toBe(before + 2);
  });
});
