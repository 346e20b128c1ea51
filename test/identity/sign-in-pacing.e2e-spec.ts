import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Role, TestApp } from '../harness/test-app';

/**
 * A burst of password sign-ins is paced: at most SIGN_IN_CONCURRENCY run at once, whole (budget,
 * look-up, argon2id, session), so twenty at once do not land on the database together. Seen from
 * the database: with the attempt budgets' table locked, only one sign-in waits there; the others
 * wait their turn in the server, and every one gets in once the lock goes.
 */
describe('identity: sign-ins paced by SIGN_IN_CONCURRENCY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ SIGN_IN_CONCURRENCY: '1' });
  });
  afterAll(() => t.close());

  it('runs one password sign-in at a time; the others wait their turn, then all get in', async () => {
    const users = [];
    for (let n = 0; n < 3; n++) users.push(await t.createUser(Role.SALES));
    const admin = new Client({ connectionString: t.adminUrl });
    await admin.connect();
    try {
      const waiting = async () =>
        (
          await admin.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
          )
        ).rows[0]!.n;
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE login_throttle IN EXCLUSIVE MODE');
      const signIns = users.map((u) => t.login(u.email));
      for (let i = 0; i < 400 && (await waiting()) === 0; i++) await sleep(25);
      expect(await waiting()).toBe(1);
      // Given time, no second one reaches the database: they are held in the server.
      await sleep(500);
      expect(await waiting()).toBe(1);
      await admin.query('COMMIT');
      const tokens = await Promise.all(signIns);
      expect(tokens).toHaveLength(3);
      for (const token of tokens) expect(token).toMatch(/\S{20,}/);
    } finally {
      await admin.end();
    }
  });
});
