import { Role, TEST_PASSWORD, TestApp } from '../harness/test-app';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token } }`;
const WINDOW_MS = 2000;

/**
 * SECURITY-TESTS T19 with short windows (the defaults are 10 failures per account per 15 minutes
 * and 30 per client address per minute): a spent budget answers THROTTLED to everyone, the right
 * password included, and lifts by itself; unknown and known addresses behave alike.
 */
describe('login throttling (T19)', () => {
  let t: TestApp;
  const attempt = async (email: string, password: string) => {
    const res = await t.gql<{ login: { token: string } }>(LOGIN, { input: { email, password } });
    return {
      code: res.errors?.[0].extensions?.code ?? 'OK',
      message: res.errors?.[0].message,
      retryAfter: res.errors?.[0].extensions?.retryAfterSeconds,
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

  it('locks an account softly after its failures, the same for unknown addresses, then lets the user in', async () => {
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
  });

  it('throttles a client address that fails across many accounts, then lifts', async () => {
    await pause();
    const codes: string[] = [];
    for (let i = 0; i < 9; i++)
      codes.push((await attempt(`spray-${i}@example.test`, 'guess')).code);
    expect(codes).toEqual([...Array<string>(8).fill('UNAUTHENTICATED'), 'THROTTLED']);
    const user = await t.createUser(Role.SALES);
    expect((await attempt(user.email, TEST_PASSWORD)).code).toBe('THROTTLED');
    await pause();
    expect((await attempt(user.email, TEST_PASSWORD)).code).toBe('OK');
  });

  it('counts per client behind a trusted proxy (TRUST_PROXY), not per proxy', async () => {
    const proxied = await TestApp.start({ TRUST_PROXY: 'loopback', LOGIN_FAILURES_PER_IP: '2' });
    try {
      const from = async (address: string, email: string, password: string) => {
        const res = await proxied.http
          .post('/graphql')
          .set('x-forwarded-for', address)
          .send({ query: LOGIN, variables: { input: { email, password } } });
        return (
          (res.body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0].extensions
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
