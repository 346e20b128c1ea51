import { MIGRATIONS } from '@daicho/migrations';
import {
  connectionOf,
  createDataSource,
  runMigrations,
  SESSION_SETTINGS_SQL,
} from '@daicho/platform';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

/**
 * Every connection Daicho opens runs with its own session settings, whatever the database and
 * the URL set: a database whose search_path puts another schema first and prints dates
 * German-style, reached by a URL whose own options ask for yet another search_path. And no
 * migration runs in a database Daicho must not run in.
 */
describe('session settings of every connection', () => {
  let db: TestDatabase;
  let hostileUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('CREATE SCHEMA shadow');
    await admin.query('CREATE TABLE shadow.probe (n int)');
    await admin.query(`ALTER DATABASE "${db.name}" SET search_path = shadow, public`);
    await admin.query(`ALTER DATABASE "${db.name}" SET DateStyle = 'German, DMY'`);
    await admin.end();
    const url = new URL(db.url);
    url.searchParams.set('options', '-c search_path=shadow');
    hostileUrl = url.toString();
  });
  afterAll(() => db.drop());

  const settingsOver = async (client: Client) => {
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, string>>(SESSION_SETTINGS_SQL);
      return rows[0];
    } finally {
      await client.end();
    }
  };

  it('the database really is hostile to a plain connection', async () => {
    expect(await settingsOver(new Client({ connectionString: hostileUrl }))).toMatchObject({
      search_path: 'shadow',
      date_style: 'German, DMY',
    });
  });

  it('the pool and the connections of its own kind (sequencer, change feed, threads) hold Daicho’s', async () => {
    const dataSource = createDataSource({ url: hostileUrl, entities: [], migrations: [] });
    await dataSource.initialize();
    try {
      const pooled = await Promise.all(
        Array.from({ length: 5 }, () => dataSource.query(SESSION_SETTINGS_SQL)),
      );
      for (const [row] of pooled) {
        expect(row).toEqual({
          search_path: 'public,pg_temp',
          server_encoding: 'UTF8',
          date_style: expect.stringMatching(/^ISO,/) as string,
          migrated_in: 'public',
        });
      }
      // Migrations run (none is pending) under the same settings.
      expect(await runMigrations(dataSource)).toEqual([]);
      // An unqualified name reaches public's table, not shadow's.
      await expect(dataSource.query('SELECT * FROM probe')).rejects.toThrow(
        'relation "probe" does not exist',
      );
      expect(await settingsOver(new Client(connectionOf(dataSource)))).toMatchObject({
        search_path: 'public,pg_temp',
        date_style: expect.stringMatching(/^ISO,/) as string,
      });
    } finally {
      await dataSource.destroy();
    }
  });

  /** A database made for one case, and the migrations run on it as the server would. */
  const migrating = async (name: string, create: string, inside: string[] = []) => {
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(create);
    await admin.end();
    const url = new URL(db.url);
    url.pathname = `/${name}`;
    const prepare = new Client({ connectionString: url.toString() });
    await prepare.connect();
    for (const sql of inside) await prepare.query(sql);
    await prepare.end();
    const dataSource = createDataSource({
      url: url.toString(),
      entities: [],
      migrations: MIGRATIONS,
    });
    await dataSource.initialize();
    try {
      const outcome = await runMigrations(dataSource).then(
        () => 'migrated',
        (error: Error) => error.message,
      );
      const [made] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'ledger_entries'`,
      );
      return { outcome, tablesMade: made?.n ?? 0 };
    } finally {
      await dataSource.destroy();
      const drop = new Client({ connectionString: db.url });
      await drop.connect();
      await drop.query(`DROP DATABASE "${name}"`);
      await drop.end();
    }
  };

  it('migrates nothing into a database not in UTF8', async () => {
    const name = `${db.name}_latin1`;
    const result = await migrating(
      name,
      `CREATE DATABASE "${name}" ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
    );
    expect(result.outcome).toContain(
      "the database's encoding is LATIN1, not UTF8: create it with ENCODING 'UTF8'",
    );
    expect(result.tablesMade).toBe(0);
  });

  it('migrates nothing beside the tables an earlier version made in another schema', async () => {
    const name = `${db.name}_elsewhere`;
    const result = await migrating(
      name,
      `CREATE DATABASE "${name}" ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
      [
        'CREATE SCHEMA daicho',
        'CREATE TABLE daicho.schema_migrations (id serial PRIMARY KEY, timestamp bigint, name text)',
      ],
    );
    expect(result.outcome).toContain("Daicho's tables are in schema daicho, not public");
    expect(result.tablesMade).toBe(0);
  });
});
