import { Role, TEST_PASSWORD, TestApp, type GraphqlAnswer } from '../harness/test-app';

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { token } }';
const ME = '{ me { id role status } }';
const CREATE_USER =
  'mutation($input: CreateUserInput!) { createUser(input: $input) { id role status } }';
const UPDATE_USER =
  'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id role status } }';
const RESET = 'mutation($id: ID!) { resetPassword(id: $id) }';
const GRANTS = `query($status: AccessGrantStatus, $after: String) {
  accessGrants(status: $status, first: 100, after: $after) { edges { node {
    id user { id email } role kind requestedBy requestedAt status decidedBy reason } }
    pageInfo { endCursor hasNextPage } } }`;
const APPROVE =
  'mutation($id: ID!) { approveAccessGrant(id: $id) { id status decidedBy oneTimePassword user { id } } }';
const REJECT =
  'mutation($id: ID!, $reason: String!) { rejectAccessGrant(id: $id, reason: $reason) { id status reason } }';

interface Grant {
  id: string;
  user: { id: string; email: string };
  role: string;
  kind: string;
  requestedBy: string;
  status: string;
  decidedBy: string | null;
  reason: string | null;
}

interface GrantPage {
  edges: { node: Grant }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

const newUser = (role: string) => ({
  email: `granted-${Math.random().toString(36).slice(2)}@example.test`,
  displayName: 'New colleague',
  role,
  department: 'Test',
  password: 'initial passphrase 2026',
});

/**
 * Separation of duties (JIS Q 15001 approved access rights): with a second ADMIN
 * present, an administrator cannot reach personal data alone — no own role change, and every grant
 * of a personal-data role or ADMIN waits for the right second person.
 */
describe('access grants need a second person (separation of duties)', () => {
  let t: TestApp;
  let adminA: { user: { id: string }; token: string };
  let adminB: { user: { id: string }; token: string };
  let cpo: { user: { id: string; email: string }; token: string };
  const code = (answer: { errors?: { extensions?: { code?: string } }[] }) =>
    answer.errors?.[0]!.extensions?.code ?? 'OK';
  const pendingFor = async (userId: string): Promise<Grant> => {
    const pending: Grant[] = [];
    for (let after: string | null = null; ;) {
      const answer: GraphqlAnswer<{ accessGrants: GrantPage }> = await t.gql(
        GRANTS,
        { status: 'PENDING', after },
        adminA.token,
      );
      expect(answer.errors).toBeUndefined();
      const page = answer.data!.accessGrants;
      pending.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const grant = pending.find((g) => g.user.id === userId);
    expect(grant).toBeDefined();
    return grant!;
  };
  const entriesFor = async (userId: string, action: string) => {
    await t.sealLedger();
    return t.ledgerRows(`action = $1 AND target_id = $2`, [action, userId]);
  };
  const loginCode = async (email: string, password: string) =>
    code(await t.gql(LOGIN, { input: { email, password } }));

  beforeAll(async () => {
    t = await TestApp.start();
    adminA = await t.loginAs(Role.ADMIN);
    adminB = await t.loginAs(Role.ADMIN);
    cpo = await t.loginAs(Role.CPO);
  });
  afterAll(() => t.close());

  it('refuses an own role change (FORBIDDEN, DENIED entry) and changes nothing', async () => {
    const grantsBefore = await t.count('access_grants');
    const answer = await t.gql(
      UPDATE_USER,
      { id: adminA.user.id, input: { role: 'CPO' } },
      adminA.token,
    );
    expect(code(answer)).toBe('FORBIDDEN');
    expect((await t.gql<{ me: { role: string } }>(ME, {}, adminA.token)).data?.me.role).toBe(
      'ADMIN',
    );
    expect(await t.count('access_grants')).toBe(grantsBefore);
    await t.sealLedger();
    const denials = await t.ledgerRows(`action = 'DENIED' AND actor_id = $1`, [adminA.user.id]);
    expect(denials.map((d) => d.details)).toContainEqual({
      operation: 'updateUser',
      reason: 'own role change',
    });
  });

  it('creates an HR user as PENDING: no login until the CPO (not an ADMIN, not the requester) approves', async () => {
    const input = newUser('HR');
    const usersBefore = await t.count('users');
    const created = await t.gql<{ createUser: { id: string; status: string } }>(
      CREATE_USER,
      { input },
      adminA.token,
    );
    expect(created.data?.createUser).toMatchObject({ role: 'HR', status: 'PENDING' });
    const userId = created.data!.createUser.id;
    expect(await t.count('users')).toBe(usersBefore + 1);
    // The account exists but cannot be used: the same answer as a wrong password.
    expect(await loginCode(input.email, input.password)).toBe('UNAUTHENTICATED');

    const grant = await pendingFor(userId);
    expect(grant).toMatchObject({
      role: 'HR',
      kind: 'CREATION',
      requestedBy: adminA.user.id,
      status: 'PENDING',
      user: { id: userId, email: input.email },
    });
    expect(code(await t.gql(APPROVE, { id: grant.id }, adminA.token))).toBe('FORBIDDEN'); // requester
    expect(code(await t.gql(APPROVE, { id: grant.id }, adminB.token))).toBe('FORBIDDEN'); // HR needs the CPO
    expect(await loginCode(input.email, input.password)).toBe('UNAUTHENTICATED');

    const approved = await t.gql<{
      approveAccessGrant: Grant & { oneTimePassword: string | null };
    }>(APPROVE, { id: grant.id }, cpo.token);
    expect(approved.data?.approveAccessGrant).toMatchObject({
      status: 'APPROVED',
      decidedBy: cpo.user.id,
    });
    // The requesting admin chose the initial password; it no longer works. The approver hands
    // the one-time password to the colleague.
    expect(await loginCode(input.email, input.password)).toBe('UNAUTHENTICATED');
    const oneTime = approved.data!.approveAccessGrant.oneTimePassword!;
    expect(oneTime).toHaveLength(20);
    const token = await t.login(input.email, oneTime);
    expect((await t.gql<{ me: { role: string } }>(ME, {}, token)).data?.me.role).toBe('HR');

    expect((await entriesFor(userId, 'GRANT_REQUESTED'))[0]).toMatchObject({
      actor_id: adminA.user.id,
      details: { grantId: grant.id, kind: 'CREATION', role: 'HR', roleBefore: null },
    });
    expect((await entriesFor(userId, 'GRANT_APPROVED'))[0]).toMatchObject({
      actor_id: cpo.user.id,
      actor_role: 'CPO',
      details: { grantId: grant.id, role: 'HR', requestedBy: adminA.user.id },
    });
    const denials = await t.ledgerRows(`action = 'DENIED' AND target_id = $1`, [grant.id]);
    expect(denials.map((d) => [d.actor_id, (d.details as { reason: string }).reason])).toEqual([
      [adminA.user.id, 'the requester may not decide their own request'],
      [adminB.user.id, 'a grant of HR needs CPO'],
    ]);
  });

  it('creates a CPO as PENDING (a CPO exists); another ADMIN approves it', async () => {
    const input = newUser('CPO');
    const created = await t.gql<{ createUser: { id: string; status: string } }>(
      CREATE_USER,
      { input },
      adminA.token,
    );
    expect(created.data?.createUser.status).toBe('PENDING');
    const userId = created.data!.createUser.id;
    expect(await loginCode(input.email, input.password)).toBe('UNAUTHENTICATED');
    const grant = await pendingFor(userId);
    const approved = await t.gql<{ approveAccessGrant: { oneTimePassword: string } }>(
      APPROVE,
      { id: grant.id },
      adminB.token,
    );
    expect(code(approved)).toBe('OK');
    expect(await loginCode(input.email, input.password)).toBe('UNAUTHENTICATED');
    expect(await loginCode(input.email, approved.data!.approveAccessGrant.oneTimePassword)).toBe(
      'OK',
    );
  });

  it('keeps the old role while a role change waits, then applies it on approval with a password only the approver hands over', async () => {
    const { user, token } = await t.loginAs(Role.AUDITOR);
    const changed = await t.gql<{ updateUser: { role: string } }>(
      UPDATE_USER,
      { id: user.id, input: { role: 'SALES', department: 'Sales' } },
      adminA.token,
    );
    expect(changed.data?.updateUser.role).toBe('AUDITOR');
    expect((await t.gql<{ me: { role: string } }>(ME, {}, token)).data?.me.role).toBe('AUDITOR');
    const [row] = await t.dataSource.query<{ role: string; department: string }[]>(
      'SELECT role, department FROM users WHERE id = $1',
      [user.id],
    );
    expect(row).toEqual({ role: 'AUDITOR', department: 'Sales' });
    const grant = await pendingFor(user.id);
    expect(grant).toMatchObject({ kind: 'ROLE_CHANGE', role: 'SALES' });
    // A second request for the same user waits for the first to be decided.
    const again = await t.gql(UPDATE_USER, { id: user.id, input: { role: 'HR' } }, adminB.token);
    expect(code(again)).toBe('CONFLICT');
    // The user cannot approve their own grant, whatever their role.
    expect(code(await t.gql(APPROVE, { id: grant.id }, token))).toBe('FORBIDDEN');
    const approved = await t.gql<{ approveAccessGrant: { oneTimePassword: string } }>(
      APPROVE,
      { id: grant.id },
      cpo.token,
    );
    expect(code(approved)).toBe('OK');
    // Whoever knew the old password (the administrator who made the account, say) is shut out:
    // the sessions end, and only the approver's one-time password signs in, to change it first.
    expect(code(await t.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(await loginCode(user.email, TEST_PASSWORD)).toBe('UNAUTHENTICATED');
    const oneTime = approved.data!.approveAccessGrant.oneTimePassword;
    expect(oneTime).toHaveLength(20);
    const fresh = await t.gql<{ login: { token: string; mustChangePassword: boolean } }>(
      'mutation($input: LoginInput!) { login(input: $input) { token mustChangePassword } }',
      { input: { email: user.email, password: oneTime } },
    );
    expect(fresh.data?.login.mustChangePassword).toBe(true);
    const me = await t.gql<{ me: { role: string } }>(ME, {}, fresh.data!.login.token);
    expect(me.data?.me.role).toBe('SALES');
    expect((await entriesFor(user.id, 'GRANT_APPROVED'))[0]!.details).toMatchObject({
      kind: 'ROLE_CHANGE',
      role: 'SALES',
      roleBefore: 'AUDITOR',
    });
  });

  it("makes a reset of the CPO's password a pending grant: nothing to the requester, the approver gets it", async () => {
    const reset = await t.gql<{ resetPassword: string | null }>(
      RESET,
      { id: cpo.user.id },
      adminA.token,
    );
    expect(reset.errors).toBeUndefined();
    expect(reset.data?.resetPassword).toBeNull();
    // Nothing happened yet: the CPO's session and password still work.
    expect(code(await t.gql(ME, {}, cpo.token))).toBe('OK');
    const grant = await pendingFor(cpo.user.id);
    expect(grant).toMatchObject({ kind: 'PASSWORD_RESET', role: 'CPO' });
    // The CPO may not approve a grant about their own account.
    expect(code(await t.gql(APPROVE, { id: grant.id }, cpo.token))).toBe('FORBIDDEN');
    const approved = await t.gql<{ approveAccessGrant: { oneTimePassword: string } }>(
      APPROVE,
      { id: grant.id },
      adminB.token,
    );
    const oneTime = approved.data!.approveAccessGrant.oneTimePassword;
    expect(oneTime).toHaveLength(20);
    expect(code(await t.gql(ME, {}, cpo.token))).toBe('UNAUTHENTICATED');
    expect(await loginCode(cpo.user.email, TEST_PASSWORD)).toBe('UNAUTHENTICATED');
    cpo.token = await t.login(cpo.user.email, oneTime);
    const changed = await t.gql(
      'mutation($input: ChangePasswordInput!) { changePassword(input: $input) }',
      { input: { currentPassword: oneTime, newPassword: 'the CPO chose this passphrase' } },
      cpo.token,
    );
    expect(code(changed)).toBe('OK');
    // The one-time password is never listed again.
    const listed = await t.gql(
      '{ accessGrants(first: 100) { edges { node { id oneTimePassword } } } }',
      {},
      adminA.token,
    );
    expect(JSON.stringify(listed.data)).not.toContain(oneTime);
  });

  it('does not let one administrator demote another to AUDITOR and then take over its login', async () => {
    const other = await t.loginAs(Role.ADMIN);
    const demoted = await t.gql(
      UPDATE_USER,
      { id: other.user.id, input: { role: 'AUDITOR' } },
      adminA.token,
    );
    expect(code(demoted)).toBe('OK'); // giving up rights needs nobody
    const reset = await t.gql<{ resetPassword: string | null }>(
      RESET,
      { id: other.user.id },
      adminA.token,
    );
    expect(reset.data?.resetPassword).toBeNull();
    const grant = await pendingFor(other.user.id);
    expect(grant).toMatchObject({ kind: 'PASSWORD_RESET', role: 'AUDITOR' });
    expect(code(await t.gql(APPROVE, { id: grant.id }, adminA.token))).toBe('FORBIDDEN');
    const approved = await t.gql<{ approveAccessGrant: { oneTimePassword: string } }>(
      APPROVE,
      { id: grant.id },
      cpo.token,
    );
    expect(approved.data?.approveAccessGrant.oneTimePassword).toHaveLength(20);
  });

  it('rejects with a reason kept in the table, never in the ledger; the created user stays unusable', async () => {
    const input = newUser('SUPPORT');
    const created = await t.gql<{ createUser: { id: string } }>(
      CREATE_USER,
      { input },
      adminA.token,
    );
    const userId = created.data!.createUser.id;
    const grant = await pendingFor(userId);
    const reason = 'Not in the support team; ask 山田 at 090-1234-5678';
    const rejected = await t.gql<{ rejectAccessGrant: Grant }>(
      REJECT,
      { id: grant.id, reason },
      cpo.token,
    );
    expect(rejected.data?.rejectAccessGrant).toMatchObject({ status: 'REJECTED', reason });
    const [row] = await t.dataSource.query<{ status: string; reason: string }[]>(
      `SELECT g.status, g.reason, u.status AS user_status FROM access_grants g
         JOIN users u ON u.id = g.user_id WHERE g.id = $1`,
      [grant.id],
    );
    expect(row).toMatchObject({ status: 'REJECTED', reason, user_status: 'DISABLED' });
    expect(await loginCode(input.email, input.password)).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(APPROVE, { id: grant.id }, cpo.token))).toBe('CONFLICT');
    // Nor can an administrator simply enable the refused user.
    const enable = await t.gql(
      UPDATE_USER,
      { id: userId, input: { status: 'ACTIVE' } },
      adminA.token,
    );
    expect(code(enable)).toBe('CONFLICT');
    expect(await loginCode(input.email, input.password)).toBe('UNAUTHENTICATED');
    const entries = await entriesFor(userId, 'GRANT_REJECTED');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({ grantId: grant.id, reasonGiven: true });
    expect(JSON.stringify(await t.ledgerRows())).not.toContain('090-1234-5678');
    expect(code(await t.gql(REJECT, { id: grant.id, reason: '   ' }, cpo.token))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('does not let a user disabled while waiting be enabled past the approval', async () => {
    const input = newUser('SALES');
    const created = await t.gql<{ createUser: { id: string } }>(
      CREATE_USER,
      { input },
      adminA.token,
    );
    const userId = created.data!.createUser.id;
    const disable = await t.gql(
      UPDATE_USER,
      { id: userId, input: { status: 'DISABLED' } },
      adminA.token,
    );
    expect(code(disable)).toBe('OK');
    const enable = await t.gql(
      UPDATE_USER,
      { id: userId, input: { status: 'ACTIVE' } },
      adminB.token,
    );
    expect(code(enable)).toBe('CONFLICT');
    const pendingOnly = await t.gql(
      UPDATE_USER,
      { id: userId, input: { status: 'PENDING' } },
      adminA.token,
    );
    expect(code(pendingOnly)).toBe('BAD_USER_INPUT');
    const [row] = await t.dataSource.query<{ status: string }[]>(
      'SELECT status FROM users WHERE id = $1',
      [userId],
    );
    expect(row!.status).toBe('DISABLED');
    expect(await loginCode(input.email, input.password)).toBe('UNAUTHENTICATED');
  });

  it('approves exactly once when 20 approvals race', async () => {
    // A role change: only the lock on the grant row keeps two approvals from both applying it.
    const userId = (await t.createUser(Role.AUDITOR)).id;
    await t.gql(UPDATE_USER, { id: userId, input: { role: 'FACILITIES' } }, adminA.token);
    const grant = await pendingFor(userId);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.gql(APPROVE, { id: grant.id }, cpo.token)),
    );
    const codes = answers.map(code);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(19);
    expect(await entriesFor(userId, 'GRANT_APPROVED')).toHaveLength(1);
    expect(await t.count(`access_grants WHERE user_id = '${userId}'`)).toBe(1);
  });

  it('lets AUDITOR read grants but not decide them; departments see nothing', async () => {
    const auditor = await t.loginAs(Role.AUDITOR);
    expect(code(await t.gql(GRANTS, {}, auditor.token))).toBe('OK');
    const hr = await t.loginAs(Role.HR);
    expect(code(await t.gql(GRANTS, {}, hr.token))).toBe('FORBIDDEN');
    const [{ id }] = await t.dataSource.query<[{ id: string }]>(
      'SELECT id FROM access_grants LIMIT 1',
    );
    expect(code(await t.gql(APPROVE, { id }, auditor.token))).toBe('FORBIDDEN');
  });
});

describe('the first CPO of a deployment (bootstrap)', () => {
  it('is created directly while no CPO exists, ledgered as the bootstrap; later ones wait', async () => {
    const t = await TestApp.start();
    try {
      const admin = await t.loginAs(Role.ADMIN);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.gql<{ createUser: { id: string; status: string } }>(
            CREATE_USER,
            { input: newUser('CPO') },
            admin.token,
          ),
        ),
      );
      const statuses = answers.map((a) => a.data?.createUser.status).sort();
      expect(statuses).toEqual(['ACTIVE', 'PENDING', 'PENDING', 'PENDING', 'PENDING']);
      const first = answers.find((a) => a.data?.createUser.status === 'ACTIVE')!.data!.createUser;
      await t.sealLedger();
      const [created] = await t.ledgerRows(`action = 'USER_CHANGE' AND target_id = $1`, [first.id]);
      expect(created!.details).toMatchObject({ change: 'created', role: 'CPO', bootstrap: true });
      const grants = await t.dataSource.query<{ kind: string; status: string }[]>(
        'SELECT kind, status FROM access_grants ORDER BY kind',
      );
      expect(grants).toEqual([
        { kind: 'BOOTSTRAP', status: 'APPROVED' },
        ...Array<{ kind: string; status: string }>(4).fill({ kind: 'CREATION', status: 'PENDING' }),
      ]);
    } finally {
      await t.close();
    }
  });
});
