import { Role, TestApp } from '../harness/test-app';

const CREATE_USER =
  'mutation($input: CreateUserInput!) { createUser(input: $input) { id email role department status } }';
const UPDATE_USER =
  'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id role status } }';
const RESET = 'mutation($id: ID!) { resetPassword(id: $id) }';

const validUser = (over: Record<string, unknown> = {}) => ({
  email: `new-${Math.random().toString(36).slice(2)}@example.test`,
  displayName: '山田 花子',
  role: 'HR',
  department: '人事部',
  password: 'initial passphrase 2026',
  ...over,
});

describe('user management by ADMIN', () => {
  let t: TestApp;
  let admin: { token: string; user: { id: string } };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.loginAs(Role.ADMIN);
  });
  afterAll(async () => t.close());

  it('creates a user who must change the initial password at first login', async () => {
    // AUDITOR reads no personal data, so it needs no second approval (see access-grants tests).
    const input = validUser({ email: 'Hanako.Yamada@Example.test', role: 'AUDITOR' });
    const created = await t.gql<{ createUser: { id: string; email: string; status: string } }>(
      CREATE_USER,
      { input },
      admin.token,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createUser).toMatchObject({
      email: 'hanako.yamada@example.test',
      role: 'AUDITOR',
      status: 'ACTIVE',
    });
    const login = await t.gql<{ login: { mustChangePassword: boolean } }>(
      'mutation($input: LoginInput!) { login(input: $input) { mustChangePassword } }',
      { input: { email: 'hanako.yamada@example.test', password: input.password } },
    );
    expect(login.data?.login.mustChangePassword).toBe(true);

    const duplicate = await t.gql(
      CREATE_USER,
      { input: validUser({ email: 'HANAKO.yamada@example.test' }) },
      admin.token,
    );
    expect(duplicate.errors?.[0]!.extensions?.code).toBe('CONFLICT');
  });

  it('creates an address once when twenty ask at once: the rest answer CONFLICT', async () => {
    const email = 'twenty.at.once@example.test';
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.gql(CREATE_USER, { input: validUser({ email, role: 'AUDITOR' }) }, admin.token),
      ),
    );
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'OK')).toEqual(Array(19).fill('CONFLICT'));
    expect(
      await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [email]),
    ).toEqual([{ n: 1 }]);
  });

  it.each([Role.CPO, Role.AUDITOR, Role.HR, Role.SALES, Role.SUPPORT, Role.FACILITIES])(
    '%s gets FORBIDDEN for every ADMIN-only mutation, and nothing changes',
    async (role) => {
      const { token } = await t.loginAs(role);
      const target = await t.createUser(Role.SALES);
      const before = await t.count('users');
      const answers = await Promise.all([
        t.gql(CREATE_USER, { input: validUser() }, token),
        t.gql(UPDATE_USER, { id: target.id, input: { role: 'ADMIN' } }, token),
        t.gql(RESET, { id: target.id }, token),
        t.gql(
          'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
          { input: { name: 'k', scopes: ['users:read'] } },
          token,
        ),
        // The CPO reads keys (to approve those beyond their creator's rights); nobody else here.
        ...(role === Role.CPO ? [] : [t.gql('{ apiKeys { edges { node { id } } } }', {}, token)]),
      ]);
      for (const answer of answers) {
        expect(answer.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
        // resetPassword is nullable (null = waiting for approval), so its data is { resetPassword: null }.
        expect(Object.values(answer.data ?? {}).every((value) => value === null)).toBe(true);
      }
      expect(await t.count('users')).toBe(before);
      expect(await t.count('api_keys')).toBe(0);
      const [row] = await t.dataSource.query<{ role: string }[]>(
        'SELECT role FROM users WHERE id = $1',
        [target.id],
      );
      expect(row!.role).toBe('SALES');
    },
  );

  it('refuses null for any field of a change, changing nothing (once a 500)', async () => {
    const target = await t.createUser(Role.SALES);
    for (const field of ['displayName', 'department', 'role', 'status']) {
      const answer = await t.gql(
        UPDATE_USER,
        { id: target.id, input: { [field]: null } },
        admin.token,
      );
      expect({ field, error: answer.errors?.[0] }).toMatchObject({
        field,
        error: {
          extensions: { code: 'BAD_USER_INPUT' },
          message: `${field} cannot be null: leave a field out to keep it as it is.`,
        },
      });
    }
    const [row] = await t.dataSource.query<{ role: string; status: string }[]>(
      `SELECT role, status FROM users WHERE id = $1`,
      [target.id],
    );
    expect(row).toEqual({ role: 'SALES', status: 'ACTIVE' });
  });

  it('lets CPO and AUDITOR list users, but not HR', async () => {
    for (const role of [Role.CPO, Role.AUDITOR]) {
      const { token } = await t.loginAs(role);
      const answer = await t.gql(
        '{ users(first: 2) { edges { node { id } } pageInfo { hasNextPage } } }',
        {},
        token,
      );
      expect(answer.errors).toBeUndefined();
    }
    const hr = await t.loginAs(Role.HR);
    expect(
      (await t.gql('{ users { edges { cursor } } }', {}, hr.token)).errors?.[0]!.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('pages through users with cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<
        ReturnType<
          typeof t.gql<{
            users: {
              edges: { cursor: string; node: { id: string } }[];
              pageInfo: { endCursor: string | null; hasNextPage: boolean };
            };
          }>
        >
      > = await t.gql(
        'query($after: String) { users(first: 3, after: $after) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }',
        { after },
        admin.token,
      );
      expect(page.errors).toBeUndefined();
      seen.push(...page.data!.users.edges.map((e) => e.node.id));
      after = page.data!.users.pageInfo.hasNextPage ? page.data!.users.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(await t.count('users'));
    const tooMany = await t.gql('{ users(first: 101) { edges { cursor } } }', {}, admin.token);
    expect(tooMany.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await t.gql(
      '{ users(after: "garbage") { edges { cursor } } }',
      {},
      admin.token,
    );
    expect(badCursor.errors?.[0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['after'],
    });
  });

  it('never lets the last active ADMIN be demoted or disabled', async () => {
    const own = await TestApp.start();
    try {
      const only = await own.loginAs(Role.ADMIN);
      const demote = await own.gql(
        UPDATE_USER,
        { id: only.user.id, input: { role: 'CPO' } },
        only.token,
      );
      // Nobody changes their own role (separation of duties), the last ADMIN included.
      expect(demote.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
      const disable = await own.gql(
        UPDATE_USER,
        { id: only.user.id, input: { status: 'DISABLED' } },
        only.token,
      );
      expect(disable.errors?.[0]!.extensions?.code).toBe('CONFLICT');
      const [row] = await own.dataSource.query<{ role: string; status: string }[]>(
        'SELECT role, status FROM users WHERE id = $1',
        [only.user.id],
      );
      expect(row).toEqual({ role: 'ADMIN', status: 'ACTIVE' });

      const second = await own.createUser(Role.ADMIN);
      const nowAllowed = await own.gql(
        UPDATE_USER,
        { id: second.id, input: { role: 'AUDITOR' } },
        only.token,
      );
      expect(nowAllowed.data).toMatchObject({ updateUser: { role: 'AUDITOR' } });
    } finally {
      await own.close();
    }
  });

  it('resets a password: a second person approves and receives it, old sessions end, change required', async () => {
    const { user, token } = await t.loginAs(Role.AUDITOR);
    // The auditor checks the administrators: one administrator alone does not reset its login.
    const reset = await t.gql<{ resetPassword: string | null }>(
      RESET,
      { id: user.id },
      admin.token,
    );
    expect(reset.data!.resetPassword).toBeNull();
    expect((await t.gql('{ me { id } }', {}, token)).errors).toBeUndefined();
    const [grant] = await t.dataSource.query<{ id: string; kind: string }[]>(
      `SELECT id, kind FROM access_grants WHERE user_id = $1 AND status = 'PENDING'`,
      [user.id],
    );
    expect(grant!.kind).toBe('PASSWORD_RESET');
    const APPROVE = 'mutation($id: ID!) { approveAccessGrant(id: $id) { oneTimePassword } }';
    const own = await t.gql(APPROVE, { id: grant!.id }, admin.token);
    expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const second = await t.loginAs(Role.ADMIN);
    const approved = await t.gql<{ approveAccessGrant: { oneTimePassword: string } }>(
      APPROVE,
      { id: grant!.id },
      second.token,
    );
    const oneTime = approved.data!.approveAccessGrant.oneTimePassword;
    expect(oneTime).toHaveLength(20);
    expect((await t.gql('{ me { id } }', {}, token)).errors?.[0]!.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const login = await t.gql<{ login: { mustChangePassword: boolean } }>(
      'mutation($input: LoginInput!) { login(input: $input) { mustChangePassword } }',
      { input: { email: user.email, password: oneTime } },
    );
    expect(login.data?.login.mustChangePassword).toBe(true);
  });

  describe('bad input gives BAD_USER_INPUT and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      ['empty display name', { displayName: '   ' }, 'displayName'],
      ['10,000-character department', { department: 'x'.repeat(10_000) }, 'department'],
      ['invalid email', { email: 'not-an-email' }, 'email'],
      ['empty email', { email: '' }, 'email'],
      ['short password', { password: 'short' }, 'password'],
      ['INTEGRATION role for a person', { role: 'INTEGRATION' }, 'role'],
      ['unknown role', { role: 'SUPERUSER' }, undefined],
      ['wrong type for a string', { displayName: 42 }, undefined],
      ['unknown field', { isAdmin: true }, undefined],
    ];
    it.each(cases)('%s', async (_name, override, field) => {
      const before = await t.count('users');
      const answer = await t.gql(CREATE_USER, { input: validUser(override) }, admin.token);
      expect(answer.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.data ?? null).toBeNull();
      if (field) expect(answer.errors?.[0]!.extensions?.fields).toEqual([field]);
      expect(JSON.stringify(answer.errors)).not.toMatch(/stack|SELECT|INSERT/);
      expect(await t.count('users')).toBe(before);
    });

    it('rejects a malformed id and an unknown user', async () => {
      const malformed = await t.gql(
        UPDATE_USER,
        { id: "1' OR 1=1 --", input: { role: 'HR' } },
        admin.token,
      );
      expect(malformed.errors?.[0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: ['id'],
      });
      const unknown = await t.gql(
        UPDATE_USER,
        { id: '00000000-0000-4000-8000-000000000000', input: { role: 'HR' } },
        admin.token,
      );
      expect(unknown.errors?.[0]!.extensions?.code).toBe('NOT_FOUND');
    });
  });
});
