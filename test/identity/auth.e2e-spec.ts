import { performance } from 'node:perf_hooks';
import { LOGIN_FAILED_MESSAGE, PasswordHasher, UserEntity } from '@daicho/identity';
import * as argon2 from 'argon2';
import { Role, TEST_PASSWORD, TestApp } from '../harness/test-app';

const LOGIN =
  'mutation($input: LoginInput!) { login(input: $input) { token expiresAt mustChangePassword } }';
const ME = '{ me { id email displayName role department status } }';
const CHANGE_PASSWORD = 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) }';

describe('login, sessions and passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => t.close());

  it('logs in, answers me, and logs out (the token then stops working)', async () => {
    const user = await t.createUser(Role.HR, { email: 'hr.person@example.test' });
    const login = await t.gql<{
      login: { token: string; expiresAt: string; mustChangePassword: boolean };
    }>(LOGIN, { input: { email: 'HR.Person@Example.test', password: TEST_PASSWORD } });
    expect(login.errors).toBeUndefined();
    const { token, expiresAt, mustChangePassword } = login.data!.login;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    expect(mustChangePassword).toBe(false);

    const me = await t.gql<{ me: { id: string; email: string; role: string } }>(ME, {}, token);
    expect(me.data?.me).toMatchObject({ id: user.id, email: 'hr.person@example.test', role: 'HR' });

    const [stored] = await t.dataSource.query<{ token_hash: Buffer }[]>(
      'SELECT token_hash FROM sessions WHERE user_id = $1',
      [user.id],
    );
    expect(stored!.token_hash.toString('hex')).not.toContain(Buffer.from(token).toString('hex'));

    expect((await t.gql('mutation { logout }', {}, token)).data).toEqual({ logout: true });
    const after = await t.gql(ME, {}, token);
    expect(after.errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a wrong password and an unknown e-mail alike, in about the same time', async () => {
    const user = await t.createUser(Role.SALES);
    const time = async (email: string) => {
      const start = performance.now();
      const answer = await t.gql(LOGIN, { input: { email, password: 'not the password at all' } });
      return { answer, ms: performance.now() - start };
    };
    await time('warm-up@example.test');
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      const w = await time(user.email);
      const u = await time(`nobody-${i}@example.test`);
      expect(w.answer.errors?.[0]).toMatchObject({
        message: LOGIN_FAILED_MESSAGE,
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(u.answer.errors?.[0]!.message).toBe(w.answer.errors?.[0]!.message);
      expect(u.answer.errors?.[0]!.extensions).toEqual(w.answer.errors?.[0]!.extensions);
      wrong.push(w.ms);
      unknown.push(u.ms);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Both paths run one argon2 verification; without the decoy the unknown path is ~100x faster.
    expect(median(unknown)).toBeGreaterThan(median(wrong)! * 0.5);
  });

  it('refuses a disabled user and ends their sessions at once', async () => {
    const { user, token } = await t.loginAs(Role.SUPPORT);
    const admin = await t.loginAs(Role.ADMIN);
    const disabled = await t.gql(
      'mutation($id: ID!) { updateUser(id: $id, input: { status: DISABLED }) { status } }',
      { id: user.id },
      admin.token,
    );
    expect(disabled.data).toEqual({ updateUser: { status: 'DISABLED' } });
    expect((await t.gql(ME, {}, token)).errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
    const login = await t.gql(LOGIN, { input: { email: user.email, password: TEST_PASSWORD } });
    expect(login.errors?.[0]).toMatchObject({
      message: LOGIN_FAILED_MESSAGE,
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('gives a new token per login, and enforces idle and absolute expiry', async () => {
    const user = await t.createUser(Role.CPO);
    const a = await t.login(user.email);
    const b = await t.login(user.email);
    expect(a).not.toBe(b);
    await t.gql('mutation { logout }', {}, a);
    expect((await t.gql(ME, {}, a)).errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(ME, {}, b)).data?.me).toBeTruthy();

    // Idle: the last request was longer ago than SESSION_IDLE_MINUTES (30).
    await t.changedBySql(
      `UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`,
      [user.id],
    );
    expect((await t.gql(ME, {}, b)).errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');

    // Absolute: recently used, but past its end.
    const c = await t.login(user.email);
    await t.changedBySql(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.id],
    );
    expect((await t.gql(ME, {}, c)).errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(ME, {}, 'not-a-token')).errors?.[0]!.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await t.gql(ME)).errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets a user with an initial password only call me, changePassword and logout until changed', async () => {
    const user = await t.createUser(Role.ADMIN, { mustChangePassword: true });
    const login = await t.gql<{ login: { token: string; mustChangePassword: boolean } }>(LOGIN, {
      input: { email: user.email, password: TEST_PASSWORD },
    });
    const token = login.data!.login.token;
    expect(login.data!.login.mustChangePassword).toBe(true);
    expect((await t.gql(ME, {}, token)).data?.me).toBeTruthy();
    const blocked = await t.gql('{ users { edges { node { id } } } }', {}, token);
    expect(blocked.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    expect(blocked.errors?.[0]!.message).toMatch(/change your initial password/);

    const changed = await t.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase for me' } },
      token,
    );
    expect(changed.data).toEqual({ changePassword: true });
    expect((await t.gql('{ users { edges { node { id } } } }', {}, token)).errors).toBeUndefined();
    const relogin = await t.gql<{ login: { mustChangePassword: boolean } }>(LOGIN, {
      input: { email: user.email, password: 'a brand new passphrase for me' },
    });
    expect(relogin.data?.login.mustChangePassword).toBe(false);
  });

  it('applies the password policy: length, common passwords, exact verification', async () => {
    const { user, token } = await t.loginAs(Role.SALES);
    const change = (currentPassword: string, newPassword: string) =>
      t.gql(CHANGE_PASSWORD, { input: { currentPassword, newPassword } }, token);
    const short = await change(TEST_PASSWORD, 'short7!');
    expect(short.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: ['newPassword'] },
    });
    const common = await change(TEST_PASSWORD, 'qwerty123456');
    expect(common.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(common.errors?.[0]!.message).toMatch(/commonly used/);
    const tooLong = await change(TEST_PASSWORD, 'x'.repeat(257));
    expect(tooLong.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const wrongCurrent = await change('not my password at all', 'a fine new passphrase');
    expect(wrongCurrent.errors?.[0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['currentPassword'],
    });

    const base = 'Correct Horse Battery Staple 東京タワーの夜景 ';
    const passphrase = base + 'あ'.repeat(64 - [...base].length);
    expect([...passphrase]).toHaveLength(64);
    expect((await change(TEST_PASSWORD, passphrase)).data).toEqual({ changePassword: true });
    const caseChanged = await t.gql(LOGIN, {
      input: { email: user.email, password: passphrase.toLowerCase() },
    });
    expect(caseChanged.errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.login(user.email, passphrase)).toBeTruthy();
  });

  it('stores argon2id hashes with at least OWASP parameters', async () => {
    const user = await t.createUser(Role.HR);
    const { passwordHash } = await t.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ id: user.id });
    // node-argon2 writes the PHC parameters as m,p,t; read them whatever their order.
    const match = /^\$argon2id\$v=19\$([a-z=0-9,]+)\$/.exec(passwordHash);
    expect(match).not.toBeNull();
    const params: Record<string, string> = Object.fromEntries(
      match![1]!.split(',').map((kv) => kv.split('=') as [string, string]),
    );
    expect(params.p).toBe('1');
    const [m, time] = [Number(params.m), Number(params.t)];
    expect((m >= 19456 && time >= 2) || (m >= 47104 && time >= 1)).toBe(true);
  });

  it('rehashes an old-parameter hash on successful login only', async () => {
    const user = await t.createUser(Role.FACILITIES);
    const weak = await argon2.hash(TEST_PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 8192,
      timeCost: 1,
    });
    await t.changedBySql('UPDATE users SET password_hash = $1 WHERE id = $2', [weak, user.id]);
    await t.gql(LOGIN, { input: { email: user.email, password: 'wrong password here' } });
    const afterFailure = await t.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ id: user.id });
    expect(afterFailure.passwordHash).toBe(weak);
    await t.login(user.email);
    const afterLogin = await t.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ id: user.id });
    expect(afterLogin.passwordHash).not.toBe(weak);
    expect(afterLogin.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // Sign-ins at once while the hash is old: each rehashes, none deadlocks or is refused.
    await t.changedBySql('UPDATE users SET password_hash = $1 WHERE id = $2', [weak, user.id]);
    const together = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.gql(LOGIN, { input: { email: user.email, password: TEST_PASSWORD } }),
      ),
    );
    expect(together.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK')).toEqual([
      'OK',
      'OK',
      'OK',
      'OK',
    ]);
  });

  it('opens no session for a password that changed while it was checked', async () => {
    const user = await t.createUser(Role.AUDITOR);
    const own = await t.login(user.email);
    // The sign-in's argon2 check passes with the old password, then waits: the window in which
    // the owner changes it (say, having seen the stolen password used).
    const hasher = t.app.get(PasswordHasher);
    const verify = hasher.verify.bind(hasher);
    let checked!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (checked = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(hasher, 'verify').mockImplementationOnce(async (hash, password) => {
      const ok = await verify(hash, password);
      checked();
      await gate;
      return ok;
    });
    try {
      const thief = t.gql(LOGIN, { input: { email: user.email, password: TEST_PASSWORD } });
      await inside;
      const changed = await t.gql(
        CHANGE_PASSWORD,
        {
          input: { currentPassword: TEST_PASSWORD, newPassword: 'changed before the thief got in' },
        },
        own,
      );
      expect(changed.data).toEqual({ changePassword: true });
      release();
      const answer = await thief;
      expect(answer.errors?.[0]).toMatchObject({
        message: LOGIN_FAILED_MESSAGE,
        extensions: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      release();
      spy.mockRestore();
    }
    // Only the owner's own session is live.
    const live = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [user.id],
    );
    expect(live[0]!.n).toBe(1);
    expect((await t.gql(ME, {}, own)).errors).toBeUndefined();
    await t.sealLedger();
    const refused = await t.ledgerRows(`action = 'LOGIN_FAILED' AND target_id = $1`, [user.id]);
    expect(refused.map((e) => (e.details as { reason: string }).reason)).toEqual([
      'changed while signing in',
    ]);
  });

  it('never writes passwords or tokens to the logs', async () => {
    const { token } = await t.loginAs(Role.AUDITOR);
    await t.gql(ME, {}, token);
    await t.gql(LOGIN, {
      input: { email: 'someone@example.test', password: 'a secret guess 12345' },
    });
    expect(t.logs).toContain('request completed'); // the log was captured at all
    expect(t.logs).not.toContain(token);
    expect(t.logs).not.toContain(TEST_PASSWORD);
    expect(t.logs).not.toContain('a secret guess 12345');
    expect(t.logs).not.toContain('someone@example.test');
    expect(t.logs).not.toMatch(/authorization":"Bearer/i);
  });
});
