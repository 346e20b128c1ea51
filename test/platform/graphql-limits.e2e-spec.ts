import { Role, TestApp } from '../harness/test-app';

/**
 * documents that would cost the server more than they are worth are
 * refused at validation, before any resolver runs (so no database work and no ledger entry).
 */
describe('GraphQL query limits (graphql-armor and our own rules)', () => {
  let t: TestApp;
  let hr: string;
  let recordId: string;

  const codes = (errors?: { extensions?: { code?: string } }[]) => [
    ...new Set((errors ?? []).map((e) => e.extensions?.code)),
  ];
  const messages = (errors?: { message: string }[]) =>
    (errors ?? []).map((e) => e.message).join(' | ');
  const deep = (operation = 'query') =>
    `${operation} { __type(name: "Query") { fields { type { ofType { ofType { ofType { name } } } } } } }`;

  beforeAll(async () => {
    // The health probe answers while a circular document is refused: near the deployment's 1 s.
    t = await TestApp.start({ HEALTH_DATABASE_PROBE_MS: '3000' });
    hr = (await t.loginAs(Role.HR)).token;
    const created = await t.gql<{ createRecord: { id: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`,
      {
        input: {
          categoryCode: 'APPLICANT',
          collectedAt: '2026-10-01T00:00:00Z',
          source: 'application form',
          values: [{ key: 'name', value: '上限 試験' }],
        },
      },
      hr,
    );
    recordId = created.data!.createRecord.id;
  });
  afterAll(() => t.close());

  it('refuses 16 aliases (limit 15) before any resolver runs: no READ entry', async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `r${i}: record(id: "${recordId}", purpose: "RECRUITMENT") { id }`).join(' ')} }`;
    await t.sealLedger();
    const before = (await t.ledgerRows(`action = 'READ' AND target_id = $1`, [recordId])).length;
    const refused = await t.gql(aliases(16), {}, hr);
    expect(codes(refused.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(messages(refused.errors)).toMatch(/alias/i);
    await t.sealLedger();
    expect(await t.ledgerRows(`action = 'READ' AND target_id = $1`, [recordId])).toHaveLength(
      before,
    );
    const allowed = await t.gql(aliases(15), {}, hr);
    expect(allowed.errors).toBeUndefined();
    await t.sealLedger();
    expect(await t.ledgerRows(`action = 'READ' AND target_id = $1`, [recordId])).toHaveLength(
      before + 15,
    );
  });

  it('refuses a document 7 levels deep (limit 6), also when named __schema', async () => {
    for (const operation of ['query', 'query __schema', 'query IntrospectionQuery']) {
      const res = await t.gql(deep(operation), {}, hr);
      expect({ operation, codes: codes(res.errors) }).toEqual({
        operation,
        codes: ['GRAPHQL_VALIDATION_FAILED'],
      });
      expect(messages(res.errors)).toMatch(/depth/i);
    }
    const viaFragment = await t.gql(
      `query __schema { ...Deep } fragment Deep on Query { __type(name: "Query") { fields { type { ofType { ofType { ofType { name } } } } } } }`,
      {},
      hr,
    );
    expect(messages(viaFragment.errors)).toMatch(/depth/i);
  });

  it('lets an auth mutation appear once per document; aliased logins are refused whole', async () => {
    const user = await t.createUser(Role.SALES);
    const attempts = Array.from(
      { length: 10 },
      (_, i) =>
        `a${i}: login(input: { email: "${user.email}", password: "wrong-password-${i}" }) { token }`,
    ).join(' ');
    await t.sealLedger();
    const before = (await t.ledgerRows(`action = 'LOGIN_FAILED'`)).length;
    const res = await t.gql(`mutation { ${attempts} }`);
    expect(codes(res.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(messages(res.errors)).toContain('login may appear once per request');
    await t.sealLedger();
    expect(await t.ledgerRows(`action = 'LOGIN_FAILED'`)).toHaveLength(before);
    // A replay of the whole ledger, likewise: fifteen aliases were fifteen replays.
    const auditor = (await t.loginAs(Role.AUDITOR)).token;
    const replays = await t.gql(`{ a: verifyLedger { ok } b: verifyLedger { ok } }`, {}, auditor);
    expect(codes(replays.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(messages(replays.errors)).toContain('verifyLedger may appear once per request');
    expect((await t.gql(`{ verifyLedger { ok } }`, {}, auditor)).errors).toBeUndefined();
  });

  // The parser stops at the limit, before any validation rule walks the document; no time is
  // asserted (a slow machine would fail it, not the server).
  it('refuses 1,200 duplicated fields (token limit 1000) and 51 directives (limit 50)', async () => {
    const fields = await t.gql(
      `{ me { ${Array.from({ length: 1200 }, () => 'id').join(' ')} } }`,
      {},
      hr,
    );
    expect(codes(fields.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(messages(fields.errors)).toMatch(/token/i);
    const directives = await t.gql(`{ __typename ${'@include(if: true)'.repeat(51)} }`, {}, hr);
    expect(codes(directives.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(messages(directives.errors)).toMatch(/directive/i);
  });

  it('refuses circular fragments without blocking the server', async () => {
    const circular = t.gql(
      `query { me { ...A } } fragment A on User { id ...B } fragment B on User { email ...A }`,
      {},
      hr,
    );
    const health = t.http.get('/health');
    const [res, ok] = await Promise.all([circular, health]);
    expect(codes(res.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(ok.status).toBe(200);
  });

  it('refuses page sizes above 100 and documents above the cost limit', async () => {
    const cpo = (await t.loginAs(Role.CPO)).token;
    const page = (first: number) =>
      `provisions(first: ${first}) { edges { node { id route status art29Required retainUntil
        items categoryCodes collective correctsId recipient { name country }
        handOffs { handedOn method personInCharge subjectIds } approval { decision } } } }`;
    expect((await t.gql(`{ ${page(100)} }`, {}, cpo)).errors).toBeUndefined();
    const over = await t.gql(`{ recordRegister(first: 101) { edges { node { id } } } }`, {}, cpo);
    expect(codes(over.errors)).toEqual(['BAD_USER_INPUT']);
    for (const query of [
      `{ recordRegister(first: 100000) { edges { node { id } } } }`,
      `{ a: ${page(100)} b: ${page(100)} }`,
    ]) {
      const res = await t.gql(query, {}, cpo);
      expect(codes(res.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(messages(res.errors)).toMatch(/cost/i);
    }
    // A first from a variable, or none (50), is a page all the same: fifteen of them once passed.
    const aliased = (first: string) =>
      Array.from(
        { length: 15 },
        (_, i) => `p${i}: provisions${first} { edges { node { id } } }`,
      ).join(' ');
    for (const [query, variables] of [
      [`query($n: Int!) { ${aliased('(first: $n)')} }`, { n: 100 }],
      [`{ ${aliased('')} }`, {}],
    ] as const) {
      const res = await t.gql(query, variables, cpo);
      expect(codes(res.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(messages(res.errors)).toMatch(/at most 300 in one request/);
    }
    // Three full pages, however written, still pass.
    const three = await t.gql(
      `query($n: Int!) { ${aliased('(first: $n)').split(' p3:')[0]} }`,
      { n: 100 },
      cpo,
    );
    expect(three.errors).toBeUndefined();
  });
});
