import { AuditTrail } from '@daicho/platform';
import { Role, TEST_PASSWORD, TestApp } from '../harness/test-app';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token } }`;
const CHANGE_PASSWORD = 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) }';
/**
 * Long enough for eleven sign-ins one after another even on a loaded machine (each hashes with
 * argon2id at the lowest priority, so it waits for every other test's work): at 2 s, a full
 * parallel run let the window lapse mid-test. Each test waits out the window twice at most.
 */
const WINDOW_MS = 20_000;
const TWO_WINDOWS_AND_WORK = 3 * WINDOW_MS + 60_000;

/**
 * with short windows (the defaults are 10 failures per account per 15 minutes
 * and 30 per client address per minute): a spent budget answers THROTTLED to everyone, the right
 * password included, and lifts by itself; unknown and known addresses behave alike.
 */
describe('login throttling', () => {
  let t: TestApp;
  const attempt = async (email: string, password: string) => {
    const res = await t.gql<{ login: { token: string } }>(LOGIN, { input: { email, password } });
    return {
      code: res.errors?.[0]!.extensions?.code ?? 'OK',
      message: res.errors?.[0]!.message,
      retryAfter: res.errors?.[0]!.extensions?.retryAfterSeconds,
    };
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 200));

  beforeAll(async () => {
    t = await TestApp.start({
      LOGIN_FAILURES_PER_ACCOUNT: '3',
      LOGIN_ACCOUNT_WINDOW_SECONDS: String(WINDOW_MS / 1000),
      LOGIN_FAILURES_PER_IP: '8',
      LOGIN_IP_WINDOW_SECONDS: String(WINDOW_MS / 1000),
    });
  });
  afterAll(() => t.close());

  it(
    'locks an account softly after its failures, the same for unknown addresses, then lets the user in',
    async () => {
      const user = await t.createUser(Role.HR);
      const known: string[] = [];
      const unknown: string[] = [];
      for (let i = 0; i < 4; i++) {
        known.push((await attempt(user.email, `wrong-${i}`)).code);
        unknown.push((await attempt('nobody-here@example.test', `wrong-${i}`)).code);
      }
      expect(known).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'THROTTLED']);
      expect(unknown).toEqual(known);
      const locked = await attempt(user.email, TEST_PASSWORD);
      expect(locked.code).toBe('THROTTLED');
      expect(locked.retryAfter).toBeGreaterThanOrEqual(1);
      expect(locked.message).not.toContain(user.email);
      await t.sealLedger();
      const throttled = await t.ledgerRows(`action = 'LOGIN_THROTTLED'`);
      expect(throttled.length).toBe(3);
      expect(JSON.stringify(throttled)).not.toContain(user.email);

      await pause();
      expect((await attempt(user.email, TEST_PASSWORD)).code).toBe('OK');
    },
    TWO_WINDOWS_AND_WORK,
  );

  it(
    'throttles a client address that fails across many accounts, then lifts',
    async () => {
      const user = await t.createUser(Role.SALES);
      await pause();
      const codes: string[] = [];
      for (let i = 0; i < 9; i++)
        codes.push((await attempt(`spray-${i}@example.test`, 'guess')).code);
      expect(codes).toEqual([...Array<string>(8).fill('UNAUTHENTICATED'), 'THROTTLED']);
      expect((await attempt(user.email, TEST_PASSWORD)).code).toBe('THROTTLED');
      await pause();
      expect((await attempt(user.email, TEST_PASSWORD)).code).toBe('OK');
    },
    TWO_WINDOWS_AND_WORK,
  );

  it('counts per client behind a trusted proxy (TRUST_PROXY), not per proxy', async () => {
    const proxied = await TestApp.start({ TRUST_PROXY: 'loopback', LOGIN_FAILURES_PER_IP: '2' });
    try {
      const from = async (address: string, email: string, password: string) => {
        const res = await proxied.http
          .post('/graphql')
          .set('x-forwarded-for', address)
          .send({ query: LOGIN, variables: { input: { email, password } } });
        return (
          (res.body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]!.extensions
            ?.code ?? 'OK'
        );
      };
      const user = await proxied.createUser(Role.CPO);
      expect(await from('203.0.113.7', 'a@example.test', 'x')).toBe('UNAUTHENTICATED');
      expect(await from('203.0.113.7', 'b@example.test', 'x')).toBe('UNAUTHENTICATED');
      expect(await from('203.0.113.7', user.email, TEST_PASSWORD)).toBe('THROTTLED');
      // Another client behind the same proxy is not punished for the first one's failures.
      expect(await from('198.51.100.4', user.email, TEST_PASSWORD)).toBe('OK');
    } finally {
      await proxied.close();
    }
  });
});

/**
 * Attempts are spent before argon2 runs (so parallel guesses cannot
 * outrun the budget), changePassword shares the budget, and the per-account budget is per client
 * address with a higher per-account ceiling, so an attacker elsewhere cannot lock the user out.
 * Client addresses are told through a trusted proxy (TRUST_PROXY=loopback, X-Forwarded-For).
 */
describe('password attempts are spent before they are checked', () => {
  let t: TestApp;
  type Answer = { code: string; token?: string };
  const send = async (
    address: string,
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<Answer> => {
    let call = t.http.post('/graphql').set('x-forwarded-for', address);
    if (token) call = call.set('authorization', `Bearer ${token}`);
    const res = await call.send({ query, variables });
    const body = res.body as {
      data?: { login?: { token: string } } | null;
      errors?: { extensions?: { code?: string } }[];
    };
    return { code: body.errors?.[0]!.extensions?.code ?? 'OK', token: body.data?.login?.token };
  };
  const login = (address: string, email: string, password: string) =>
    send(address, LOGIN, { input: { email, password } });
  const tally = (answers: Answer[]) =>
    answers.reduce<Record<string, number>>(
      (acc, { code }) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }),
      {},
    );
  const entries = async (action: string, userId: string) => {
    await t.sealLedger();
    return t.ledgerRows(`action = $1 AND (target_id = $2 OR actor_id = $2)`, [action, userId]);
  };

  beforeAll(async () => {
    t = await TestApp.start({
      TRUST_PROXY: 'loopback',
      LOGIN_FAILURES_PER_ACCOUNT: '3',
      LOGIN_FAILURES_PER_ACCOUNT_CEILING: '6',
      LOGIN_FAILURES_PER_IP: '50',
    });
  });
  afterAll(() => t.close());

  it('verifies at most the budget of 25 parallel logins (24 wrong, 1 right); the rest are THROTTLED', async () => {
    const user = await t.createUser(Role.HR);
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        login('203.0.113.1', user.email, i === 12 ? TEST_PASSWORD : `wrong guess ${i}`),
      ),
    );
    const codes = tally(answers);
    const verified = (codes.UNAUTHENTICATED ?? 0) + (codes.OK ?? 0);
    expect(verified).toBeLessThanOrEqual(3);
    expect(codes.THROTTLED).toBe(25 - verified);
    const failed = await entries('LOGIN_FAILED', user.id);
    const loggedIn = await entries('LOGIN', user.id);
    expect(failed.length).toBe(codes.UNAUTHENTICATED ?? 0);
    expect(loggedIn.length).toBe(codes.OK ?? 0);
    const pseudonym = (failed[0]?.details as { emailPseudonym: string }).emailPseudonym;
    const throttled = await t.ledgerRows(
      `action = 'LOGIN_THROTTLED' AND details->>'emailPseudonym' = $1`,
      [pseudonym],
    );
    expect(throttled.length).toBe(codes.THROTTLED);
    expect(throttled.every((e) => e.outcome === 'DENIED')).toBe(true);
    expect(JSON.stringify(throttled)).not.toContain(user.email);
  });

  it('does not let an attacker at one address lock out the user at another', async () => {
    const user = await t.createUser(Role.ADMIN);
    const attacker: string[] = [];
    for (let i = 0; i < 12; i++)
      attacker.push((await login('203.0.113.2', user.email, `x${i}`)).code);
    expect(attacker).toEqual([
      ...Array<string>(3).fill('UNAUTHENTICATED'),
      ...Array<string>(9).fill('THROTTLED'),
    ]);
    // Even the right password is refused at the attacker's address until the window ends…
    expect((await login('203.0.113.2', user.email, TEST_PASSWORD)).code).toBe('THROTTLED');
    // …but the administrator at their own address logs in: refused attempts spent no ceiling.
    expect((await login('198.51.100.2', user.email, TEST_PASSWORD)).code).toBe('OK');
    expect((await entries('LOGIN_FAILED', user.id)).length).toBe(3);
    await t.sealLedger();
    const budgets = (
      await t.ledgerRows(`action = 'LOGIN_THROTTLED' AND details->>'emailPseudonym' = $1`, [
        t.app.get(AuditTrail).pseudonymOfEmail(user.email),
      ])
    ).map((e) => (e.details as { budget: string }).budget);
    expect(budgets).toEqual(Array<string>(10).fill('account-at-address'));
  });

  it('still caps one account across rotating addresses with the per-account ceiling', async () => {
    const user = await t.createUser(Role.CPO);
    const codes: string[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await login(`192.0.2.${i + 10}`, user.email, 'x')).code);
    expect(codes).toEqual([...Array<string>(6).fill('UNAUTHENTICATED'), 'THROTTLED']);
    expect((await login('192.0.2.99', user.email, TEST_PASSWORD)).code).toBe('THROTTLED');
    expect((await entries('LOGIN_FAILED', user.id)).length).toBe(6);
  });

  it('counts wrong currentPassword in changePassword against the same budget, then ends the session', async () => {
    const user = await t.createUser(Role.SALES);
    const { token } = await login('203.0.113.3', user.email, TEST_PASSWORD);
    const sessionsBefore = await t.count('sessions WHERE revoked_at IS NOT NULL');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(
          '203.0.113.3',
          CHANGE_PASSWORD,
          { input: { currentPassword: `wrong ${i}`, newPassword: 'a brand new passphrase' } },
          token,
        ),
      ),
    );
    const codes = tally(answers);
    expect(codes.BAD_USER_INPUT).toBeLessThanOrEqual(3);
    expect(codes.THROTTLED).toBeGreaterThanOrEqual(1);
    expect((codes.BAD_USER_INPUT ?? 0) + codes.THROTTLED! + (codes.UNAUTHENTICATED ?? 0)).toBe(20);
    // The session itself is revoked: the stolen token is no longer a password oracle.
    expect((await send('203.0.113.3', '{ me { id } }', {}, token)).code).toBe('UNAUTHENTICATED');
    expect(await t.count('sessions WHERE revoked_at IS NOT NULL')).toBe(sessionsBefore + 1);
    const failed = await entries('LOGIN_FAILED', user.id);
    expect(failed.length).toBe(codes.BAD_USER_INPUT);
    expect(failed[0]).toMatchObject({
      actor_kind: 'USER',
      actor_id: user.id,
      outcome: 'DENIED',
      details: { via: 'changePassword', reason: 'wrong current password' },
    });
    const throttled = await entries('LOGIN_THROTTLED', user.id);
    expect(throttled.length).toBe(codes.THROTTLED);
    expect(throttled[0]!.details).toMatchObject({ via: 'changePassword', sessionRevoked: true });
    // The password did not change, and the user still logs in from their own place.
    expect((await login('198.51.100.3', user.email, TEST_PASSWORD)).code).toBe('OK');
  });
});
