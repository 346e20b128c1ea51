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
    const deadline = Date.now() + 30_000;
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

  it('twenty barriers at once: all hear what was committed before them, sharing round trips, one query at a time', async () => {
    const heartbeats: string[] = [];
    const listener = new Client({ connectionString: t.adminUrl });
    await listener.connect();
    listener.on('notification', (n) => void heartbeats.push(n.payload ?? ''));
    // The server's own channel (private): nobody else's barriers are sent to it.
    const channel = (feed as unknown as { heartbeatChannel: string }).heartbeatChannel;
    expect(channel).toMatch(/^daicho_feed_[0-9a-f]{12}$/);
    await listener.query(`LISTEN ${channel}`);
    const listening = Date.now();
    const warnings: string[] = [];
    const warned = (w: Error) => void warnings.push(w.message);
    process.on('warning', warned);
    try {
      for (let i = 0; i < 20; i++)
        await other.query(`SELECT pg_notify('daicho_credentials', $1)`, [`user:burst-${i}`]);
      // Twenty changes answered at once, as twenty mutations finishing together would be.
      const barriers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          feed.settled().then(() => heard.includes(`user:burst-${i}`)),
        ),
      );
      expect(barriers).toEqual(Array.from({ length: 20 }, () => true));
      await listener.query('SELECT 1'); // what was sent before this has been delivered
      // One for all twenty (barriers asked for while one is queued share it), perhaps one
      // already in flight and the once-a-second heartbeat (one a second the test took, as a slow
      // machine may take several): not one each.
      const seconds = Math.ceil((Date.now() - listening) / 1000);
      expect(heartbeats.length).toBeLessThanOrEqual(2 + seconds);
      expect(2 + seconds).toBeLessThan(20);
      // pg warns when a client is given a query while one runs (removed in pg 9).
      expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
    } finally {
      process.off('warning', warned);
      await listener.end();
    }
  });

  it('waits for the feed before answering a mutation or a POST, and before a query only to use a copy of a credential', async () => {
    const settled = jest.spyOn(feed, 'settled');
    try {
      const { token } = await t.loginAs(Role.SALES);
      await feed.settled(); // the new session's own notification is in: its copy can be kept
      settled.mockClear();
      expect((await t.gql('{ me { id } }', {}, token)).errors).toBeUndefined();
      expect(settled).not.toHaveBeenCalled(); // the session read from the database
      expect((await t.gql('{ me { id } }', {}, token)).errors).toBeUndefined();
      expect(settled).toHaveBeenCalledTimes(1); // its copy, used once every change is in
      settled.mockClear();
      expect((await t.gql('mutation { logout }', {}, token)).errors).toBeUndefined();
      // Once to use the copy, once before the answer.
      expect(settled).toHaveBeenCalledTimes(2);
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

  it('hears only its own heartbeats, not every other server’s', async () => {
    const second = await t.peer();
    try {
      const its = second.app.get(ChangeFeed);
      its.subscribe('daicho_credentials', { changed: () => undefined, reset: () => undefined });
      for (const deadline = Date.now() + 30_000; !its.live && Date.now() < deadline;)
        await new Promise((r) => setTimeout(r, 20));
      expect(its.live).toBe(true);
      // The first server's deliveries, watched (it calls through).
      const watched = jest.spyOn(
        feed as unknown as { deliver: (n: { channel: string }) => void },
        'deliver',
      );
      // Both beat once a second; the second also settles changes of its own meanwhile.
      for (let i = 0; i < 5; i++) {
        await its.settled();
        await new Promise((r) => setTimeout(r, 500));
      }
      const heard = watched.mock.calls.map(([n]) => n.channel);
      watched.mockRestore();
      const own = (feed as unknown as { heartbeatChannel: string }).heartbeatChannel;
      const theirs = (its as unknown as { heartbeatChannel: string }).heartbeatChannel;
      expect(own).not.toBe(theirs);
      expect(heard).toContain(own);
      expect(heard).not.toContain(theirs);
    } finally {
      await second.stop();
    }
  });

  it('counts the feed as lost when a barrier is not heard back within CHANGE_FEED_LOST_MS', async () => {
    const quick = await t.peer({ CHANGE_FEED_LOST_MS: '200' });
    try {
      const feed = quick.app.get(ChangeFeed);
      // Its private delivery and loss, wrapped.
      const its = feed as unknown as { deliver: (n: unknown) => void; lost: () => void };
      feed.subscribe('daicho_credentials', { changed: () => undefined, reset: () => undefined });
      for (const deadline = Date.now() + 30_000; !feed.live && Date.now() < deadline;)
        await new Promise((r) => setTimeout(r, 20));
      expect(feed.live).toBe(true);
      // Its notifications now arrive 600 ms late: the barrier is not heard back within 200 ms.
      const onTime = its.deliver.bind(its);
      its.deliver = (n) => void setTimeout(() => onTime(n), 600);
      const lost = jest.spyOn(its, 'lost');
      await feed.settled();
      expect(lost).toHaveBeenCalled();
      its.deliver = onTime;
    } finally {
      await quick.stop();
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
