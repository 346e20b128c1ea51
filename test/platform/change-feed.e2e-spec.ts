import { ChangeFeed } from '@daicho/platform';
import { Client } from 'pg';
import { Role, TestApp } from '../harness/test-app';

/**
 * The change feed's barrier: `settled()` resolves only once every change committed before the
 * call has reached this server's copies, and the server waits for it before answering a change,
 * so the very next request on the server that made the change never meets a stale copy.
 */
describe('platform: a change is answered once this server has heard it', () => {
  let t: TestApp;
  let feed: ChangeFeed;
  let other: Client;
  const heard: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start({ READ_CACHE_MS: '60000' });
    feed = t.app.get(ChangeFeed);
    feed.subscribe('daicho_credentials', { changed: (p) => heard.push(p), reset: () => undefined });
    other = new Client({ connectionString: t.adminUrl });
    await other.connect();
    const deadline = Date.now() + 5_000;
    while (!feed.live) {
      if (Date.now() > deadline) throw new Error('the change feed did not start listening');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  it('has heard every change committed elsewhere before settled() resolves, 100 times in a row', async () => {
    for (let i = 0; i < 100; i++) {
      // Committed on another connection, as another server (or a person with psql) would.
      await other.query(`SELECT pg_notify('daicho_credentials', $1)`, [`user:barrier-${i}`]);
      await feed.settled();
      expect(heard).toContain(`user:barrier-${i}`);
    }
  });

  it('waits for the feed before answering a mutation or a POST, never before a query', async () => {
    const settled = jest.spyOn(feed, 'settled');
    try {
      const { token } = await t.loginAs(Role.SALES);
      settled.mockClear();
      expect((await t.gql('{ me { id } }', {}, token)).errors).toBeUndefined();
      expect(settled).not.toHaveBeenCalled();
      expect((await t.gql('mutation { logout }', {}, token)).errors).toBeUndefined();
      expect(settled).toHaveBeenCalledTimes(1);
      // A change refused by the service waits too: some refusals end a session.
      const other = await t.loginAs(Role.SALES);
      settled.mockClear();
      const refused = await t.gql(
        'mutation($input: ChangePasswordInput!) { changePassword(input: $input) }',
        { input: { currentPassword: 'not the password at all', newPassword: 'x'.repeat(20) } },
        other.token,
      );
      expect(refused.errors?.[0]?.extensions?.code).toBeDefined();
      expect(settled).toHaveBeenCalledTimes(1);
    } finally {
      settled.mockRestore();
    }
  });

  it('releases a waiter when the feed is lost, and then answers from the database', async () => {
    const killed = other.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'daicho-change-feed' AND datname = current_database()`,
    );
    await Promise.all([killed, feed.settled()]);
    const { token } = await t.loginAs(Role.SALES);
    expect((await t.gql('mutation { logout }', {}, token)).errors).toBeUndefined();
    expect((await t.gql('{ me { id } }', {}, token)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
