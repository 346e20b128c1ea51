import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Role, TEST_PASSWORD, TestApp } from '../harness/test-app';

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { token } }';

/**
 * A burst of password sign-ins is paced: once its attempt is spent, at most SIGN_IN_CONCURRENCY
 * run at once (look-up, argon2id, session), so twenty at once do not land on the database
 * together, and at most SIGN_IN_WAITING_MAX wait for a turn. Seen from the database: with the
 * sessions' table locked, only one sign-in waits there; the others wait in the server, one more
 * than the line holds is refused, and every one in line gets in once the lock goes.
 */
/** Sessions of this test's database waiting for a lock, seen from another connection. */
async function lockWaiters(admin: Client): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'
        AND pid <> pg_backend_pid()`,
  );
  return rows[0]!.n;
}

describe('identity: sign-ins paced by SIGN_IN_CONCURRENCY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ SIGN_IN_CONCURRENCY: '1', SIGN_IN_WAITING_MAX: '2' });
  });
  afterAll(() => t.close());

  /**
   * Four people sign in while `table` is locked: three are sent, one of them is seen waiting at
   * the database and no second one, even given time; the fourth is refused for the full line
   * (two) and, having spent nothing, signs in once the lock goes, as the three in line do.
   */
  async function burstHeldAt(table: 'sessions' | 'login_throttle', arrivalPolls: number) {
    const users = [];
    for (let n = 0; n < 4; n++) users.push(await t.createUser(Role.SALES));
    const admin = new Client({ connectionString: t.adminUrl });
    await admin.connect();
    try {
      const waiting = () => lockWaiters(admin);
      await admin.query('BEGIN');
      await admin.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
      const signIns = users.slice(0, 3).map((u) => t.login(u.email));
      for (let i = 0; i < arrivalPolls && (await waiting()) === 0; i++) await sleep(25);
      expect(await waiting()).toBe(1);
      // Given time, no second one reaches the database: they are held in the server.
      await sleep(500);
      expect(await waiting()).toBe(1);
      // The line (two) is full: the next is refused at once, with a time to come back.
      const refused = await t.gql(LOGIN, {
        input: { email: users[3]!.email, password: TEST_PASSWORD },
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('THROTTLED');
      expect(refused.errors?.[0]?.message).toContain('try again in a few seconds');
      await admin.query('COMMIT');
      const tokens = await Promise.all(signIns);
      expect(tokens).toHaveLength(3);
      for (const token of tokens) expect(token).toMatch(/\S{20,}/);
      // The one refused for the line spent no attempt: it signs in now.
      expect(await t.login(users[3]!.email)).toMatch(/\S{20,}/);
    } finally {
      await admin.end();
    }
  }

  it('runs one password sign-in at a time, keeps a bounded line, then lets everyone in line in', async () => {
    // A turn's last step: a sign-in reaches it after argon2id, which on a machine busy with
    // other suites runs only on idle CPU, so the first may take a while to arrive (60 s).
    await burstHeldAt('sessions', 2400);
    // Four argon2id hashes at the lowest priority: on a machine busy with other suites, slow.
  }, 180_000);

  it('gives no turn to a sign-in whose client left while it waited', async () => {
    const [first, left] = [await t.createUser(Role.SALES), await t.createUser(Role.SALES)];
    const admin = new Client({ connectionString: t.adminUrl });
    await admin.connect();
    try {
      const sessionsOf = async (userId: string) =>
        (
          await admin.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1',
            [userId],
          )
        ).rows[0]!.n;
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE sessions IN EXCLUSIVE MODE');
      const signedIn = t.login(first.email);
      // A client of its own, so that it can leave: fetch, aborted while the sign-in waits.
      const server = t.app.getHttpServer();
      if (!server.address())
        await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
      const { port } = server.address() as AddressInfo;
      const leaving = new AbortController();
      const outcome = fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: LOGIN,
          variables: { input: { email: left.email, password: TEST_PASSWORD } },
        }),
        signal: leaving.signal,
      }).then(
        () => 'answered',
        () => 'aborted',
      );
      // It spends its attempt and waits behind the first, held at the lock; then its client goes.
      await sleep(1_000);
      leaving.abort();
      expect(await outcome).toBe('aborted');
      await admin.query('COMMIT');
      expect(await signedIn).toMatch(/\S{20,}/);
      // Its turn came after the first's and passed: a sign-in that would have run meanwhile
      // would have opened its session before this one's.
      expect(await t.login(first.email)).toMatch(/\S{20,}/);
      expect(await sessionsOf(first.id)).toBe(2);
      expect(await sessionsOf(left.id)).toBe(0);
    } finally {
      await admin.end();
    }
  }, 180_000);

  it('spends sign-in budgets one at a time, so a burst holds one pooled connection, not one each', async () => {
    // The budgets' table, the first thing a sign-in writes (before argon2id): one spends at the
    // database, the other two wait in the server, holding no connection.
    await burstHeldAt('login_throttle', 400);
  }, 180_000);
});
