import { connectionOf, createDataSource, SESSION_SETTINGS_SQL } from '@daicho/platform';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

/**
 * Every connection Daicho opens runs with its own session settings, whatever the database and
 * the URL set: a database whose search_path puts another schema first, prints dates German-style
 * and speaks LATIN1, reached by a URL whose own options ask for yet another search_path.
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
    await admin.query(`ALTER DATABASE "${db.name}" SET client_encoding = 'LATIN1'`);
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
          client_encoding: 'UTF8',
          date_style: expect.stringMatching(/^ISO,/) as string,
        });
      }
      // An unqualified name reaches public's table, not shadow's.
      await expect(dataSource.query('SELECT * FROM probe')).rejects.toThrow(
        'relation "probe" does not exist',
      );
      expect(await settingsOver(new Client(connectionOf(dataSource)))).toMatchObject({
        search_path: 'public,pg_temp',
        client_encoding: 'UTF8',
      });
    } finally {
      await dataSource.destroy();
    }
  });
});
