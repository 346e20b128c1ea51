import { randomUUID } from 'node:crypto';
import { expectForgedRefused, forgedCursors, pageThrough } from '../harness/pages';
import { Role, TestApp } from '../harness/test-app';

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`;
const KEYS = `query($first: Int, $after: String) { apiKeys(first: $first, after: $after) {
  edges { cursor node { id createdAt } } pageInfo { endCursor hasNextPage } } }`;
const OPERATIONS = `query($k: ID!, $first: Int, $after: String) { apiKeyOperations(apiKeyId: $k, first: $first, after: $after) {
  edges { cursor node { name documentHash } } pageInfo { endCursor hasNextPage } } }`;
const GRANTS = `query($first: Int, $after: String) { accessGrants(status: PENDING, first: $first, after: $after) {
  edges { cursor node { id user { id } requestedAt } } pageInfo { endCursor hasNextPage } } }`;
const WEBHOOKS = `query($k: ID, $first: Int, $after: String) { webhooks(apiKeyId: $k, first: $first, after: $after) {
  edges { cursor node { id createdAt } } pageInfo { endCursor hasNextPage } } }`;
const PROPOSALS = `query($first: Int, $after: String) { categoryChangeProposals(status: PENDING, first: $first, after: $after) {
  edges { cursor node { id proposedAt } } pageInfo { endCursor hasNextPage } } }`;
const FIND = `query($name: String, $first: Int, $after: String) { findSubjects(name: $name, first: $first, after: $after) {
  edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }`;
const DUE = `query($first: Int, $after: String) { retentionDue(withinDays: 0, first: $first, after: $after) {
  edges { cursor node { recordId dueAt } } pageInfo { endCursor hasNextPage } } }`;
const CREATE_RECORD = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;

interface Timed {
  id: string;
  at: string;
}

/** The ids oldest first by (time, id), as the keyset orders them; `desc`: newest first. */
const inKeysetOrder = (rows: Timed[], desc = false) => {
  const ids = [...rows]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1))
    .map((r) => r.id);
  return desc ? ids.reverse() : ids;
};

const TIME_PAIRS: [string, string][] = [
  ['2026-01-01T00:00:00.000Z', 'not-a-uuid'],
  ['yesterday', randomUUID()],
];

/**
 * Every list that can grow is a keyset page of one shape: read two at a time to the end, each
 * row comes once, in the list's order, and a cursor the list did not hand out is BAD_USER_INPUT.
 */
describe('keyset pages of the lists that can grow', () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();
  const as = (role: Role) => tokens.get(role)!;
  const ask = (role: Role) => (query: string, variables: Record<string, unknown>) =>
    t.gql<Record<string, never>>(query, variables, as(role));

  beforeAll(async () => {
    t = await TestApp.start({
      WEBHOOK_ALLOWED_HOSTS: 'http:127.0.0.1:9',
      RETENTION_SWEEP_HOURS: '0',
    });
    for (const role of [Role.ADMIN, Role.CPO, Role.AUDITOR, Role.HR, Role.FACILITIES])
      tokens.set(role, (await t.loginAs(role)).token);
  });
  afterAll(() => t.close());

  it('identity: API keys, their operations and pending grants, each once, in order', async () => {
    for (let i = 0; i < 5; i++) {
      const key = await t.gql(
        CREATE_KEY,
        { input: { name: `k${i}`, scopes: ['catalog:read'] } },
        as(Role.ADMIN),
      );
      expect(key.errors).toBeUndefined();
    }
    const keys = await pageThrough<{ id: string; createdAt: string }>(
      ask(Role.ADMIN),
      KEYS,
      'apiKeys',
    );
    expect(keys.pages).toBe(3);
    expect(new Set(keys.nodes.map((k) => k.id)).size).toBe(5);
    expect(keys.nodes.map((k) => k.id)).toEqual(
      inKeysetOrder(keys.nodes.map((k) => ({ id: k.id, at: k.createdAt }))),
    );
    await expectForgedRefused(ask(Role.ADMIN), KEYS, forgedCursors(...TIME_PAIRS));

    // Two documents share a name: (name, document hash) still orders them, once each.
    const apiKeyId = keys.nodes[0]!.id;
    for (const [name, field] of [
      ['B', 'id'],
      ['A', 'id'],
      ['A', 'role'],
      ['C', 'id'],
      ['D', 'id'],
    ]) {
      const registered = await t.gql(
        `mutation($input: RegisterApiKeyOperationInput!) { registerApiKeyOperation(input: $input) { name } }`,
        { input: { apiKeyId, name, document: `query ${name} { me { ${field} } }` } },
        as(Role.ADMIN),
      );
      expect(registered.errors).toBeUndefined();
    }
    const ops = await pageThrough<{ name: string; documentHash: string }>(
      ask(Role.ADMIN),
      OPERATIONS,
      'apiKeyOperations',
      { k: apiKeyId },
    );
    expect(ops.pages).toBe(3);
    expect(ops.nodes.map((o) => o.name)).toEqual(['A', 'A', 'B', 'C', 'D']);
    expect(new Set(ops.nodes.map((o) => o.documentHash)).size).toBe(5);
    await expectForgedRefused(
      ask(Role.ADMIN),
      OPERATIONS,
      forgedCursors(['A', 'not-a-hash'], ['A', randomUUID()]),
      { k: apiKeyId },
    );

    const userIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await t.gql<{ createUser: { id: string } }>(
        'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
        {
          input: {
            email: `paged-${i}@example.test`,
            displayName: `Paged ${i}`,
            role: 'HR',
            department: 'Test',
            password: 'initial passphrase 2026',
          },
        },
        as(Role.ADMIN),
      );
      userIds.push(created.data!.createUser.id);
    }
    const grants = await pageThrough<{ id: string; user: { id: string }; requestedAt: string }>(
      ask(Role.ADMIN),
      GRANTS,
      'accessGrants',
    );
    expect(grants.pages).toBe(3);
    expect(grants.nodes.map((g) => g.user.id).sort()).toEqual([...userIds].sort());
    expect(grants.nodes.map((g) => g.id)).toEqual(
      inKeysetOrder(grants.nodes.map((g) => ({ id: g.id, at: g.requestedAt }))),
    );
    await expectForgedRefused(ask(Role.ADMIN), GRANTS, forgedCursors(...TIME_PAIRS));
  });

  it('integrations: webhooks, even when several share a timestamp to the microsecond', async () => {
    const key = await t.gql<{ createApiKey: { apiKey: { id: string } } }>(
      CREATE_KEY,
      { input: { name: 'hooks', scopes: ['catalog:read'] } },
      as(Role.ADMIN),
    );
    const apiKeyId = key.data!.createApiKey.apiKey.id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const made = await t.gql<{ createWebhook: { webhook: { id: string } } }>(
        `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`,
        { input: { apiKeyId, url: `http://127.0.0.1:9/hook-${i}`, events: ['RECORD_CREATED'] } },
        as(Role.ADMIN),
      );
      expect(made.errors).toBeUndefined();
      ids.push(made.data!.createWebhook.webhook.id);
    }
    // now() keeps microseconds, a JavaScript Date (and so a cursor) does not.
    await t.dataSource.query(
      `UPDATE webhooks SET created_at = '2026-01-01T00:00:00.123456Z' WHERE id = ANY($1::uuid[])`,
      [ids.slice(1, 4)],
    );
    const hooks = await pageThrough<{ id: string; createdAt: string }>(
      ask(Role.ADMIN),
      WEBHOOKS,
      'webhooks',
      { k: apiKeyId },
    );
    expect(hooks.pages).toBe(3);
    expect(hooks.nodes.map((h) => h.id)).toEqual(
      inKeysetOrder(hooks.nodes.map((h) => ({ id: h.id, at: h.createdAt }))),
    );
    expect([...hooks.nodes.map((h) => h.id)].sort()).toEqual([...ids].sort());
    await expectForgedRefused(ask(Role.ADMIN), WEBHOOKS, forgedCursors(...TIME_PAIRS));
  });

  it('inventory: category change proposals, newest first', async () => {
    for (let i = 1; i <= 5; i++) {
      const proposed = await t.gql(
        `mutation($input: ProposeCategoryChangeInput!) { proposeCategoryChange(input: $input) { id } }`,
        {
          input: {
            categoryCode: 'APPLICANT',
            changes: { approximateRecords: i * 100 },
            reason: `estimate ${i}`,
          },
        },
        as(Role.HR),
      );
      expect(proposed.errors).toBeUndefined();
    }
    const proposals = await pageThrough<{ id: string; proposedAt: string }>(
      ask(Role.CPO),
      PROPOSALS,
      'categoryChangeProposals',
    );
    expect(proposals.pages).toBe(3);
    expect(proposals.nodes.map((p) => p.id)).toEqual(
      inKeysetOrder(
        proposals.nodes.map((p) => ({ id: p.id, at: p.proposedAt })),
        true,
      ),
    );
    expect(new Set(proposals.nodes.map((p) => p.id)).size).toBe(5);
    await expectForgedRefused(ask(Role.CPO), PROPOSALS, forgedCursors(...TIME_PAIRS));
  });

  it('holdings: persons found and records due, with a READ entry for what each page shows', async () => {
    const subjects: string[] = [];
    const cameras: string[] = [];
    for (let i = 0; i < 5; i++) {
      const applicant = await t.gql<{ createRecord: { subjectId: string } }>(
        CREATE_RECORD,
        {
          input: {
            categoryCode: 'APPLICANT',
            collectedAt: '2026-01-05T00:00:00Z',
            source: 'application form',
            values: [{ key: 'name', value: '同名 太郎' }],
          },
        },
        as(Role.HR),
      );
      subjects.push(applicant.data!.createRecord.subjectId);
      // Two pairs share their due time: the id orders them.
      const collectedAt = `2025-0${1 + Math.floor(i / 2)}-01T00:00:00Z`;
      const camera = await t.gql<{ createRecord: { id: string } }>(
        CREATE_RECORD,
        {
          input: {
            categoryCode: 'CCTV',
            collectedAt,
            source: 'camera 1',
            values: [
              { key: 'cameraLocation', value: 'lobby' },
              { key: 'capturedAt', value: collectedAt },
            ],
          },
        },
        as(Role.FACILITIES),
      );
      cameras.push(camera.data!.createRecord.id);
    }
    const found = await pageThrough<{ id: string }>(ask(Role.CPO), FIND, 'findSubjects', {
      name: '同名 太郎',
    });
    expect(found.pages).toBe(3);
    expect(found.nodes.map((s) => s.id).sort()).toEqual([...subjects].sort());
    await t.sealLedger();
    const searches = await t.ledgerRows(`target_type = 'SubjectSearch'`);
    expect(searches.map((e) => (e.details as { matches: number }).matches)).toEqual([2, 2, 1]);
    await expectForgedRefused(ask(Role.CPO), FIND, forgedCursors(...TIME_PAIRS), {
      name: '同名 太郎',
    });

    const due = await pageThrough<{ recordId: string; dueAt: string }>(
      ask(Role.CPO),
      DUE,
      'retentionDue',
    );
    expect(due.pages).toBe(3);
    expect(due.nodes.map((r) => r.recordId)).toEqual(
      inKeysetOrder(due.nodes.map((r) => ({ id: r.recordId, at: r.dueAt }))),
    );
    expect([...due.nodes.map((r) => r.recordId)].sort()).toEqual([...cameras].sort());
    await t.sealLedger();
    const looks = await t.ledgerRows(
      `action = 'READ' AND details->>'view' = 'RETENTION_DUE' AND target_id = ANY($1::text[])`,
      [cameras],
    );
    expect(looks.map((e) => e.target_id).sort()).toEqual([...cameras].sort());
    await expectForgedRefused(ask(Role.CPO), DUE, forgedCursors(...TIME_PAIRS));
  });

  it('takes at most 100 a page, the ledger too', async () => {
    for (const [role, query] of [
      [Role.AUDITOR, '{ ledgerEntries(first: 101) { edges { cursor } } }'],
      [Role.AUDITOR, '{ ledgerCheckpoints(first: 101) { edges { cursor } } }'],
      [Role.ADMIN, '{ apiKeys(first: 101) { edges { cursor } } }'],
      [Role.ADMIN, '{ apiKeys(first: 0) { edges { cursor } } }'],
    ] as const) {
      const answer = await t.gql(query, {}, as(role));
      expect({ query, code: answer.errors?.[0]?.extensions?.code }).toEqual({
        query,
        code: 'BAD_USER_INPUT',
      });
    }
    const full = await t.gql(
      '{ ledgerEntries(first: 100) { edges { cursor } } }',
      {},
      as(Role.AUDITOR),
    );
    expect(full.errors).toBeUndefined();
  });
});
