import { createDataSource } from '@daicho/platform';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

/** pg-pool's own default: a connection idle this long is closed. */
const PG_POOL_IDLE_DEFAULT_MS = 10_000;

/**
 * The pool keeps the connections it opened. A new backend costs its catalog caches, the
 * triggers' compiled PL/pgSQL and the prepared intake; closing idle ones after pg-pool's 10 s made
 * every rise of the load reopen them, and every call waited meanwhile (docs/performance.md).
 */
describe('the connection pool', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, entities: [], migrations: [], poolSize: 4 });
    await dataSource.initialize();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await dataSource.destroy();
    await db.drop();
  });

  /** Four calls at once, each on a connection of its own; the backends that served them. */
  const fourAtOnce = async () => {
    const rows = await Promise.all(
      Array.from({ length: 4 }, () =>
        dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)'),
      ),
    );
    return new Set(rows.map(([row]) => row!.pid));
  };

  it('still holds every connection after a quiet spell longer than pg-pool closes them in', async () => {
    const before = await fourAtOnce();
    expect(before.size).toBe(4);

    await new Promise((resolve) => setTimeout(resolve, PG_POOL_IDLE_DEFAULT_MS + 1_500));

    const { rows } = await admin.query<{ alive: string }>(
      'SELECT count(*) AS alive FROM pg_stat_activity WHERE pid = ANY($1::int[])',
      [[...before]],
    );
    expect(Number(rows[0]!.alive)).toBe(4);
    // The next rise of the load is served by the same backends, none opened anew.
    expect([...(await fourAtOnce())].sort()).toEqual([...before].sort());
  }, 30_000);
});
