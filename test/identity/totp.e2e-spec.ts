import { authenticator } from 'otplib';
import { Role, TestApp, TEST_PASSWORD } from '../harness/test-app';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token mfaRequired mustChangePassword } }`;
const ENROLL = `mutation { enrollTotp { otpauthUri recoveryCodes } }`;
const CONFIRM = `mutation($code: String!) { confirmTotp(code: $code) }`;
const COMPLETE = `mutation($input: CompleteMfaInput!) { completeMfa(input: $input) { token mfaRequired } }`;

interface Login {
  token: string;
  mfaRequired: boolean;
  mustChangePassword: boolean;
}

/** The code an authenticator app shows `offsetSeconds` from now. */
const codeAt = (secret: string, offsetSeconds = 0) =>
  authenticator.clone({ epoch: Date.now() + offsetSeconds * 1000 }).generate(secret);

/**
 * Sign-in with an authenticator app (RFC 6238): a code is accepted
 * once, a stale one never, wrong ones are throttled like passwords, the seed at rest is
 * ciphertext; a half-signed-in token opens nothing but the second step, and a password reset does
 * not skip it.
 */
describe('identity: TOTP second step', () => {
  let t: TestApp;
  let admin: string;

  const login = async (email: string, password = TEST_PASSWORD) => {
    const answer = await t.gql<{ login: Login }>(LOGIN, { input: { email, password } });
    expect(answer.errors).toBeUndefined();
    return answer.data!.login;
  };
  /** Enrols and confirms a new user of the role; returns the user, its seed and codes. */
  const enrolled = async (role: Role) => {
    const user = await t.createUser(role);
    const first = await login(user.email);
    const enrolment = await t.gql<{ enrollTotp: { otpauthUri: string; recoveryCodes: string[] } }>(
      ENROLL,
      {},
      first.token,
    );
    expect(enrolment.errors).toBeUndefined();
    const { otpauthUri, recoveryCodes } = enrolment.data!.enrollTotp;
    const uri = new URL(otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    const secret = uri.searchParams.get('secret') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(recoveryCodes).toHaveLength(10);
    // Not on until the app proved it works: a wrong code is refused, the right one confirms.
    const wrong = await t.gql(CONFIRM, { code: '000000' }, first.token);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const confirmed = await t.gql(CONFIRM, { code: codeAt(secret) }, first.token);
    expect(confirmed.data).toEqual({ confirmTotp: true });
    return { user, secret, recoveryCodes };
  };

  beforeAll(async () => {
    // A small budget, so six wrong codes meet it.
    t = await TestApp.start({ LOGIN_FAILURES_PER_ACCOUNT: '5' });
    admin = (await t.loginAs(Role.ADMIN)).token;
  });
  afterAll(() => t.close());

  it('accepts a code once, never a replay or a stale one, and keeps the seed sealed', async () => {
    const { user, secret } = await enrolled(Role.HR);
    // The seed at rest is ciphertext: neither its text nor its bytes are in the row.
    const [row] = await t.dataSource.query<{ sealed_seed: Buffer }[]>(
      `SELECT sealed_seed FROM user_totp WHERE user_id = $1`,
      [user.id],
    );
    expect(row!.sealed_seed.includes(Buffer.from(secret))).toBe(false);
    expect(row!.sealed_seed.length).toBeGreaterThan(28);

    const half = await login(user.email);
    expect(half.mfaRequired).toBe(true);
    // The next step's code (the app's clock a little ahead) is accepted…
    const next = codeAt(secret, 30);
    const done = await t.gql<{ completeMfa: Login }>(
      COMPLETE,
      { input: { code: next } },
      half.token,
    );
    expect(done.errors).toBeUndefined();
    expect(done.data?.completeMfa.mfaRequired).toBe(false);
    const full = done.data!.completeMfa.token;
    expect(full).not.toBe(half.token);
    expect((await t.gql('{ me { role } }', {}, full)).data).toEqual({ me: { role: 'HR' } });
    // …and the waiting token it came from is over.
    const old = await t.gql('{ me { role } }', {}, half.token);
    expect(old.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The same code again, within its 30 seconds: refused (ASVS 6.5.1).
    const again = await login(user.email);
    const replay = await t.gql(COMPLETE, { input: { code: next } }, again.token);
    expect(replay.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A code from two steps ago: refused, even where no later code was accepted yet.
    await t.changedBySql(`UPDATE user_totp SET last_step = 0 WHERE user_id = $1`, [user.id]);
    const stale = await t.gql(COMPLETE, { input: { code: codeAt(secret, -60) } }, again.token);
    expect(stale.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await t.sealLedger();
    const entries = await t.ledgerRows(`target_id = $1 AND action LIKE 'MFA_%'`, [user.id]);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['MFA_ENROLLED', 'ALLOWED'],
      ['MFA_SUCCEEDED', 'ALLOWED'],
      ['MFA_FAILED', 'DENIED'],
      ['MFA_FAILED', 'DENIED'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(next);
    expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it('throttles wrong codes like passwords: the sixth is refused whatever it is', async () => {
    const { user, secret } = await enrolled(Role.SALES);
    const half = await login(user.email);
    const codes: (string | undefined)[] = [];
    for (let n = 0; n < 5; n++) {
      const wrong = await t.gql(COMPLETE, { input: { code: `00000${n}` } }, half.token);
      codes.push(wrong.errors?.[0]?.extensions?.code);
    }
    expect(codes).toEqual(Array(5).fill('UNAUTHENTICATED'));
    const sixth = await t.gql(COMPLETE, { input: { code: codeAt(secret, 30) } }, half.token);
    expect(sixth.errors?.[0]?.extensions?.code).toBe('THROTTLED');
  });

  it('opens nothing but the second step with a half-signed-in token', async () => {
    const { user } = await enrolled(Role.CPO);
    const half = await login(user.email);
    for (const query of [
      '{ me { role } }',
      '{ dataCategories { code } }',
      '{ requests(first: 1) { edges { node { id } } } }',
      `mutation { enrollTotp { otpauthUri } }`,
    ]) {
      const refused = await t.gql(query, {}, half.token);
      expect([query, refused.errors?.[0]?.extensions?.code]).toEqual([query, 'UNAUTHENTICATED']);
      expect(refused.errors?.[0]?.message).toContain('completeMfa');
    }
    // Leaving is allowed.
    expect((await t.gql('mutation { logout }', {}, half.token)).data).toEqual({ logout: true });
  });

  it('finishes with a recovery code once, and a password reset does not skip the step', async () => {
    const { user, recoveryCodes } = await enrolled(Role.AUDITOR);
    const half = await login(user.email);
    const [code] = recoveryCodes;
    const used = await t.gql<{ completeMfa: Login }>(
      COMPLETE,
      { input: { recoveryCode: code!.toLowerCase() } },
      half.token,
    );
    expect(used.data?.completeMfa.mfaRequired).toBe(false);
    const again = await login(user.email);
    const twice = await t.gql(COMPLETE, { input: { recoveryCode: code } }, again.token);
    expect(twice.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Administrators reset the password (one asks, another approves and receives it): the new
    // one still opens only the second step.
    const reset = await t.gql<{ resetPassword: string | null }>(
      `mutation($id: ID!) { resetPassword(id: $id) }`,
      { id: user.id },
      admin,
    );
    expect(reset.errors).toBeUndefined();
    const [grant] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM access_grants WHERE user_id = $1 AND status = 'PENDING'`,
      [user.id],
    );
    const approved = await t.gql<{ approveAccessGrant: { oneTimePassword: string } }>(
      `mutation($id: ID!) { approveAccessGrant(id: $id) { oneTimePassword } }`,
      { id: grant!.id },
      (await t.loginAs(Role.ADMIN)).token,
    );
    const temporary = approved.data?.approveAccessGrant.oneTimePassword;
    expect(typeof temporary).toBe('string');
    const afterReset = await login(user.email, temporary);
    expect(afterReset).toMatchObject({ mfaRequired: true, mustChangePassword: true });
    const change = await t.gql(
      `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`,
      { input: { currentPassword: temporary, newPassword: 'a brand new passphrase 2026' } },
      afterReset.token,
    );
    expect(change.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('makes a role that must use an authenticator set one up once its grace period is over', async () => {
    const user = await t.createUser(Role.HR);
    // Within MFA_GRACE_DAYS the user works without one.
    const fresh = await login(user.email);
    expect((await t.gql('{ dataCategories { code } }', {}, fresh.token)).errors).toBeUndefined();
    await t.changedBySql(`UPDATE users SET created_at = now() - interval '15 days' WHERE id = $1`, [
      user.id,
    ]);
    const overdue = await login(user.email);
    const refused = await t.gql('{ dataCategories { code } }', {}, overdue.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('enrollTotp');
    // Setting it up is allowed, and then the rest is.
    const enrolment = await t.gql<{ enrollTotp: { otpauthUri: string } }>(
      ENROLL,
      {},
      overdue.token,
    );
    const secret = new URL(enrolment.data!.enrollTotp.otpauthUri).searchParams.get('secret')!;
    await t.gql(CONFIRM, { code: codeAt(secret) }, overdue.token);
    expect((await t.gql('{ dataCategories { code } }', {}, overdue.token)).errors).toBeUndefined();
    // A role that reads no personal data (the auditor) is not held to it.
    const auditor = await t.createUser(Role.AUDITOR);
    await t.changedBySql(`UPDATE users SET created_at = now() - interval '60 days' WHERE id = $1`, [
      auditor.id,
    ]);
    const own = await login(auditor.email);
    expect((await t.gql('{ dataCategories { code } }', {}, own.token)).errors).toBeUndefined();
  });

  it('lets another administrator reset a lost authenticator, never one’s own', async () => {
    const { user } = await enrolled(Role.FACILITIES);
    const own = await enrolled(Role.ADMIN);
    const ownToken = (await login(own.user.email)).token;
    const self = await t.gql(
      `mutation($id: ID!) { resetTotp(userId: $id) }`,
      { id: own.user.id },
      await completed(own.secret, ownToken),
    );
    expect(self.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The refusal is on record though the call failed; the authenticator is untouched.
    const refusals = await t.ledgerRows(`action = 'DENIED' AND target_id = $1`, [own.user.id]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ outcome: 'DENIED', actor_id: own.user.id });
    expect((await login(own.user.email)).mfaRequired).toBe(true);
    const denied = await t.gql(
      `mutation($id: ID!) { resetTotp(userId: $id) }`,
      { id: user.id },
      (await t.loginAs(Role.HR)).token,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const done = await t.gql(
      `mutation($id: ID!) { resetTotp(userId: $id) }`,
      { id: user.id },
      admin,
    );
    expect(done.data).toEqual({ resetTotp: true });
    expect((await login(user.email)).mfaRequired).toBe(false);
    await t.sealLedger();
    const [entry] = await t.ledgerRows(`target_id = $1 AND action = 'MFA_RESET'`, [user.id]);
    expect(entry).toMatchObject({ outcome: 'ALLOWED', actor_role: 'ADMIN' });
  });

  it("removes an administrator's, the CPO's or the auditor's authenticator only once a second person approves", async () => {
    const RESET = `mutation($id: ID!) { resetTotp(userId: $id) }`;
    const APPROVE = `mutation($id: ID!) { approveAccessGrant(id: $id) { status decidedBy oneTimePassword } }`;
    for (const role of [Role.CPO, Role.ADMIN, Role.AUDITOR]) {
      const { user } = await enrolled(role);
      const requester = await t.loginAs(Role.ADMIN);
      const asked = await t.gql(RESET, { id: user.id }, requester.token);
      expect({ role, answer: asked.data }).toEqual({ role, answer: { resetTotp: false } });
      // Nothing removed yet: the second step is still asked for.
      expect((await login(user.email)).mfaRequired).toBe(true);
      const [grant] = await t.dataSource.query<{ id: string; kind: string; role: string }[]>(
        `SELECT id, kind, role FROM access_grants WHERE user_id = $1 AND status = 'PENDING'`,
        [user.id],
      );
      expect(grant).toMatchObject({ kind: 'MFA_RESET', role });
      // Neither the requester nor the user decides it.
      const own = await t.gql(APPROVE, { id: grant!.id }, requester.token);
      expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const second = await t.loginAs(Role.ADMIN);
      const approved = await t.gql<{ approveAccessGrant: Record<string, unknown> }>(
        APPROVE,
        { id: grant!.id },
        second.token,
      );
      expect(approved.data?.approveAccessGrant).toEqual({
        status: 'APPROVED',
        decidedBy: second.user.id,
        oneTimePassword: null,
      });
      expect((await login(user.email)).mfaRequired).toBe(false);
      await t.sealLedger();
      const [entry] = await t.ledgerRows(`target_id = $1 AND action = 'MFA_RESET'`, [user.id]);
      expect(entry).toMatchObject({ outcome: 'ALLOWED', actor_id: second.user.id });
    }
  });

  /** The full token of a user whose half token is given. */
  const completed = async (secret: string, halfToken: string) => {
    const done = await t.gql<{ completeMfa: Login }>(
      COMPLETE,
      { input: { code: codeAt(secret, 30) } },
      halfToken,
    );
    expect(done.errors).toBeUndefined();
    return done.data!.completeMfa.token;
  };
});
