import { Role, TestApp } from '../harness/test-app';

const CREATE_KEY =
  'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name scopes expiresAt } } }';
const USERS = '{ users { edges { node { id } } } }';

describe('API keys for machine clients', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = (await t.loginAs(Role.ADMIN)).token;
  });
  afterAll(async () => t.close());

  const create = async (input: Record<string, unknown>) => {
    const answer = await t.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      CREATE_KEY,
      { input },
      admin,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.createApiKey;
  };

  it('shows the secret once, stores only its hash, and lists keys without secrets', async () => {
    const { secret, apiKey } = await create({ name: 'HR system sync', scopes: ['users:read'] });
    expect(secret).toMatch(/^dk_[A-Za-z0-9_-]{43}$/);
    const list = await t.gql<{ apiKeys: { edges: { node: Record<string, unknown> }[] } }>(
      '{ apiKeys { edges { node { id name scopes lastUsedAt revokedAt } } } }',
      {},
      admin,
    );
    expect(list.data?.apiKeys.edges.map((e) => e.node)).toEqual([
      {
        id: apiKey.id,
        name: 'HR system sync',
        scopes: ['users:read'],
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(secret);
    const raw = JSON.stringify(await t.dataSource.query<unknown[]>('SELECT * FROM api_keys'));
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(secret.slice(3));
    expect(t.logs).not.toContain(secret.slice(3));
  });

  it('authenticates with the key within its scopes, records last use, and forbids the rest', async () => {
    const { secret, apiKey } = await create({ name: 'directory reader', scopes: ['users:read'] });
    expect((await t.gql(USERS, {}, secret)).errors).toBeUndefined();
    const [row] = await t.dataSource.query<{ last_used_at: Date | null }[]>(
      'SELECT last_used_at FROM api_keys WHERE id = $1',
      [apiKey.id],
    );
    expect(row!.last_used_at).not.toBeNull();
    const outside = await t.gql('{ apiKeys { edges { node { id } } } }', {}, secret);
    expect(outside.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    const createUser = await t.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: {
          email: 'k@example.test',
          displayName: 'k',
          role: 'HR',
          department: 'x',
          password: 'key made user 1234',
        },
      },
      secret,
    );
    expect(createUser.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
  });

  it('rotates: both keys work during the overlap, the revoked one fails at once', async () => {
    const k1 = await create({ name: 'sync v1', scopes: ['users:read'] });
    const k2 = await create({ name: 'sync v2', scopes: ['users:read'] });
    expect((await t.gql(USERS, {}, k1.secret)).errors).toBeUndefined();
    expect((await t.gql(USERS, {}, k2.secret)).errors).toBeUndefined();
    const revoked = await t.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) }',
      { id: k1.apiKey.id },
      admin,
    );
    expect(revoked.data).toEqual({ revokeApiKey: true });
    expect((await t.gql(USERS, {}, k1.secret)).errors?.[0]!.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await t.gql(USERS, {}, k2.secret)).errors).toBeUndefined();
  });

  it('stops working after its expiry', async () => {
    const { secret, apiKey } = await create({
      name: 'short-lived',
      scopes: ['users:read'],
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect((await t.gql(USERS, {}, secret)).errors).toBeUndefined();
    await t.changedBySql(
      `UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [apiKey.id],
    );
    expect((await t.gql(USERS, {}, secret)).errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('works beyond its creator’s rights only once the CPO approves it, the very next call', async () => {
    const RECORD = `mutation($input: RecordAccessEventsInput!) { recordAccessEvents(input: $input) { recorded } }`;
    const event = (n: number) => ({
      input: {
        events: [
          {
            eventId: `approval-${n}`,
            occurredAt: '2026-11-20T09:30:00.000Z',
            action: 'READ',
            subjectId: '550e8400-e29b-41d4-a716-446655440000',
            categoryCode: 'CALL_RECORDING',
            purposeCode: 'QUALITY_IMPROVEMENT',
            fields: ['voiceRecording'],
            actorRef: 'agent-0042',
          },
        ],
      },
    });
    // An administrator may not report accesses to personal data: the key waits.
    const { secret, apiKey } = await create({ name: 'recorder', scopes: ['access-events:write'] });
    const waiting = await t.gql(RECORD, event(1), secret);
    expect(waiting.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringContaining('approval') as unknown,
    });
    const GET = '{ apiKeys { edges { node { id approvedAt } } } }';
    const listed = await t.gql<{
      apiKeys: { edges: { node: { id: string; approvedAt: string | null } }[] };
    }>(GET, {}, admin);
    expect(listed.data!.apiKeys.edges.map((e) => e.node)).toContainEqual({
      id: apiKey.id,
      approvedAt: null,
    });
    // Its creator, or anyone but the CPO, cannot approve it; each refusal is recorded.
    const APPROVE = 'mutation($id: ID!) { approveApiKey(id: $id) { id approvedAt } }';
    const ownApproval = await t.gql(APPROVE, { id: apiKey.id }, admin);
    expect(ownApproval.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    const hr = (await t.loginAs(Role.HR)).token;
    expect((await t.gql(APPROVE, { id: apiKey.id }, hr)).errors?.[0]!.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await t.gql(RECORD, event(2), secret)).errors?.[0]!.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    // Twenty approvals at once: one takes, the others find it approved.
    const cpo = (await t.loginAs(Role.CPO)).token;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.gql(APPROVE, { id: apiKey.id }, cpo)),
    );
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(19);
    expect((await t.gql(RECORD, event(3), secret)).data).toEqual({
      recordAccessEvents: { recorded: 1 },
    });
    await t.sealLedger();
    const grants = await t.ledgerRows(
      `action = 'PERMISSION_CHANGE' AND target_id = '${apiKey.id}'`,
    );
    const details = (e: Record<string, unknown>) => e.details as Record<string, unknown>;
    expect(grants.map((e) => [e.actor_role, details(e).change])).toEqual([
      ['ADMIN', 'api key created'],
      ['CPO', 'api key approved'],
    ]);
    expect(details(grants[0]!).awaitingApprovalFor).toEqual(['access-events:write']);
    const denials = await t.ledgerRows(`action = 'DENIED' AND target_id = '${apiKey.id}'`);
    // (HR's is the guard's, before any key is looked at: it names no key.)
    expect(denials.map((e) => e.actor_role)).toEqual(['ADMIN']);
    // Within the creator's own rights a key works at once; a revoked or unknown one is not approved.
    const reader = await create({ name: 'directory', scopes: ['users:read', 'catalog:read'] });
    expect((await t.gql(USERS, {}, reader.secret)).errors).toBeUndefined();
    expect(
      (await t.gql(APPROVE, { id: reader.apiKey.id }, cpo)).errors?.[0]!.extensions?.code,
    ).toBe('CONFLICT');
    const revoked = await create({ name: 'revoked recorder', scopes: ['access-events:write'] });
    await t.gql('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: revoked.apiKey.id }, admin);
    expect(
      (await t.gql(APPROVE, { id: revoked.apiKey.id }, cpo)).errors?.[0]!.extensions?.code,
    ).toBe('CONFLICT');
    expect(
      (await t.gql(APPROVE, { id: '00000000-0000-4000-8000-000000000001' }, cpo)).errors?.[0]!
        .extensions?.code,
    ).toBe('NOT_FOUND');
    // An expired key is not approved either; and approving is all the CPO does to keys.
    const expired = await create({ name: 'late recorder', scopes: ['access-events:write'] });
    await t.changedBySql(
      `UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.apiKey.id],
    );
    expect(
      (await t.gql(APPROVE, { id: expired.apiKey.id }, cpo)).errors?.[0]!.extensions?.code,
    ).toBe('CONFLICT');
    const cpoRevokes = await t.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) }',
      { id: reader.apiKey.id },
      cpo,
    );
    expect(cpoRevokes.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses unknown scopes, past expiry and empty names, writing nothing', async () => {
    const before = await t.count('api_keys');
    for (const input of [
      { name: 'x', scopes: ['everything:write'] },
      { name: 'x', scopes: ['users:read'], expiresAt: '2000-01-01T00:00:00Z' },
      { name: '  ', scopes: ['users:read'] },
      { name: 'x', scopes: [] },
    ]) {
      const answer = await t.gql(CREATE_KEY, { input }, admin);
      expect(answer.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await t.count('api_keys')).toBe(before);
    const unknownKey = await t.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) }',
      { id: '00000000-0000-4000-8000-000000000001' },
      admin,
    );
    expect(unknownKey.errors?.[0]!.extensions?.code).toBe('NOT_FOUND');
  });
});
