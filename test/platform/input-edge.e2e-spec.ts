import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { Role, TestApp } from '../harness/test-app';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`;
const EVENT = `mutation($input: RecordEventInput!) { recordEvent(input: $input) { retentionDueAt } }`;
const RECORDS = `query($after: String, $filter: RecordsFilterInput) {
  records(categoryCode: "EMPLOYEE", purpose: "PERSONNEL_ADMIN", first: 5, after: $after, filter: $filter) { edges { cursor } } }`;

/** Dates JavaScript or PostgreSQL cannot hold, days that do not exist, local-time forms. */
const BAD_DATE_TIMES = [
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '0000-01-01T00:00:00Z',
  // Written in years 0001–9999, but the offset moves them out (UTC, or Japan's date at UTC+9).
  '9999-12-31T23:00:00-14:00',
  '0001-01-01T00:30:00+01:00',
  '9999-12-31T20:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026/04/01',
  '2026-04-01',
  '2026-04-01T09:00:00',
];
const BAD_DATES = [
  '-271821-04-20',
  '+275760-09-13',
  '0000-01-01',
  '2026-02-30',
  '2026-13-01',
  '2026/04/01',
];

type Answer = Awaited<ReturnType<TestApp['gql']>>;
const codeOf = (a: Answer) => a.errors?.[0]?.extensions?.code;

describe('one edge for client input: dates, text, error messages', () => {
  let t: TestApp;
  let hr: string;
  let cpo: string;
  let recordId: string;
  const employee = (extra: Record<string, unknown> = {}) => ({
    input: {
      categoryCode: 'EMPLOYEE',
      collectedAt: '2026-04-01T09:00:00+09:00',
      source: 'hiring documents',
      consentRef: 'consent-form-2026-0412',
      values: [{ key: 'name', value: '山田 花子' }],
      ...extra,
    },
  });

  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production' });
    hr = (await t.loginAs(Role.HR)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
    const created = await t.gql<{ createRecord: { id: string } }>(CREATE, employee(), hr);
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    recordId = created.data.createRecord.id;
  });
  afterAll(() => t.close());

  it('refuses dates that cannot be stored, do not exist or are not ISO-8601, naming the field and the form', async () => {
    const before = await t.count('personal_records');
    for (const collectedAt of BAD_DATE_TIMES) {
      const answer = await t.gql(CREATE, employee({ collectedAt }), hr);
      expect([collectedAt, answer.status, codeOf(answer)]).toEqual([
        collectedAt,
        400,
        'BAD_USER_INPUT',
      ]);
      expect(answer.errors?.[0]?.message).toContain('input.collectedAt');
      expect(answer.errors?.[0]?.message).toContain('ISO-8601 date-time with a time zone such as');
      expect(answer.errors?.[0]?.extensions?.fields).toEqual(['input.collectedAt']);
      expect(answer.errors?.[0]?.message).not.toContain(collectedAt);
    }
    for (const collectedFrom of BAD_DATE_TIMES) {
      const answer = await t.gql(RECORDS, { filter: { collectedFrom } }, hr);
      expect([collectedFrom, codeOf(answer)]).toEqual([collectedFrom, 'BAD_USER_INPUT']);
    }
    // Calendar dates (hand-offs, receipts, contracts) are the Date scalar.
    for (const from of BAD_DATES) {
      const answer = await t.gql(
        'query($from: Date) { provisions(from: $from) { pageInfo { hasNextPage } } }',
        { from },
        cpo,
      );
      expect([from, codeOf(answer)]).toEqual([from, 'BAD_USER_INPUT']);
      expect(answer.errors?.[0]?.message).toContain('ISO-8601 date such as 2026-11-26');
    }
    // A literal in the query text is read by the same scalar.
    const literal = await t.gql(
      `mutation { createRecord(input: {categoryCode: "EMPLOYEE", collectedAt: "2026-02-30T00:00:00Z", source: "x", values: [{key: "name", value: "x"}]}) { id } }`,
      {},
      hr,
    );
    expect(codeOf(literal)).toBe('BAD_USER_INPUT');
    expect(literal.errors?.[0]?.message).toContain('ISO-8601');
    expect(await t.count('personal_records')).toBe(before);
  });

  it('refuses the time of an event in the future (beyond 5 minutes) or before 1970: collectedAt, occurredAt', async () => {
    const before = await t.count('personal_records');
    for (const collectedAt of ['2099-01-01T00:00:00Z', '1969-12-31T23:59:59Z']) {
      const answer = await t.gql(CREATE, employee({ collectedAt }), hr);
      expect([collectedAt, codeOf(answer)]).toEqual([collectedAt, 'BAD_USER_INPUT']);
      expect(answer.errors?.[0]?.message).toMatch(
        /collectedAt lies (in the future|before 1970-01-01)/,
      );
    }
    const soon = new Date(Date.now() + 60_000).toISOString();
    expect((await t.gql(CREATE, employee({ collectedAt: soon }), hr)).errors).toBeUndefined();
    expect(await t.count('personal_records')).toBe(before + 1);
    const event = await t.gql(
      EVENT,
      { input: { recordId, event: 'END_OF_EMPLOYMENT', occurredAt: '9999-12-31T00:00:00Z' } },
      hr,
    );
    expect(codeOf(event)).toBe('BAD_USER_INPUT');
    expect(event.errors?.[0]?.message).toContain('occurredAt lies in the future');
    const [row] = await t.dataSource.query<{ retention_due_at: Date | null }[]>(
      'SELECT retention_due_at FROM personal_records WHERE id = $1',
      [recordId],
    );
    expect(row?.retention_due_at).toBeNull();
  });

  it('refuses NUL and other control characters in any string, variables, literals and cursors alike', async () => {
    const before = await t.count('personal_records');
    const nul = await t.gql(CREATE, employee({ source: 'web\u0000form' }), hr);
    expect([nul.status, codeOf(nul)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(nul.errors?.[0]?.extensions?.fields).toEqual(['input.source']);
    const inValue = await t.gql(
      CREATE,
      employee({ values: [{ key: 'name', value: 'a\u0007b' }] }),
      hr,
    );
    expect(inValue.errors?.[0]?.extensions?.fields).toEqual(['input.values[0].value']);
    const literal = await t.gql(
      `mutation { createRecord(input: {categoryCode: "EMPLOYEE", collectedAt: "2026-04-01T00:00:00Z", source: "a\\u0000b", values: [{key: "name", value: "x"}]}) { id } }`,
      {},
      hr,
    );
    expect(codeOf(literal)).toBe('BAD_USER_INPUT');
    expect(literal.errors?.[0]?.extensions?.fields).toEqual(['createRecord.input.source']);
    expect(await t.count('personal_records')).toBe(before);
    // A lone surrogate is no text either (fast-check found createUser answering 500 to one).
    const admin = (await t.loginAs(Role.ADMIN)).token;
    const users = await t.count('users');
    const lone = await t.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { __typename } }',
      {
        input: {
          email: '\ud800',
          displayName: 'x',
          department: 'x',
          role: 'SUPPORT',
          password: 'a long enough initial passphrase',
        },
      },
      admin,
    );
    expect(codeOf(lone)).toBe('BAD_USER_INPUT');
    expect(lone.errors?.[0]?.extensions?.fields).toEqual(['input.email']);
    expect(await t.count('users')).toBe(users);
    // Tabs and line breaks (CRLF too) are text.
    const lines = await t.gql(CREATE, employee({ source: 'line one\r\nline\ttwo' }), hr);
    expect(lines.errors).toBeUndefined();
    const forged = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z\u0000', 'x'])).toString(
      'base64url',
    );
    const farCursor = Buffer.from(
      JSON.stringify(['+275760-09-13T00:00:00.000Z', '550e8400-e29b-41d4-a716-446655440000']),
    ).toString('base64url');
    for (const after of [forged, farCursor, 'abc\u0000']) {
      const answer = await t.gql(RECORDS, { after }, hr);
      expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    }
  });

  it('reads REST query strings with the same date parser and text rule', async () => {
    for (const from of [...BAD_DATES, '2026-01-01%00']) {
      const res = await t.http
        .get(`/exports/provisions.csv?from=${from}`)
        .set('authorization', `Bearer ${cpo}`);
      expect([from, res.status, (res.body as { error?: { code: string } }).error?.code]).toEqual([
        from,
        400,
        'BAD_USER_INPUT',
      ]);
    }
    const ok = await t.http
      .get('/exports/provisions.csv?from=2026-01-01&to=2026-12-31')
      .set('authorization', `Bearer ${cpo}`);
    expect(ok.status).toBe(200);
  });

  it('never echoes a badly typed variable: a password in a wrong shape', async () => {
    const secret = 'correct horse battery staple 4711';
    for (const input of [
      { email: 'a@example.test', password: { value: secret } },
      { email: 'a@example.test', password: [secret] },
      { email: secret, password: 5 },
      { email: 'a@example.test', password: secret, [secret]: 1 },
    ]) {
      const answer = await t.gql(
        'mutation($input: LoginInput!) { login(input: $input) { token } }',
        {
          input,
        },
      );
      expect(codeOf(answer)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(answer)).not.toContain(secret);
      expect(JSON.stringify(answer)).not.toContain('4711');
      expect(answer.errors?.[0]?.message).toMatch(
        /^Variable "\$input" has an invalid value at input/,
      );
    }
    const typed = await t.gql('mutation($input: LoginInput!) { login(input: $input) { token } }', {
      input: { email: 'a@example.test', password: 5 },
    });
    expect(typed.errors?.[0]?.message).toBe(
      'Variable "$input" has an invalid value at input.password: expected a value of type String.',
    );
  });

  it('says what is too big when a query costs too much, and that first is at most 100', async () => {
    const page = (alias: string) =>
      `${alias}: records(categoryCode: "EMPLOYEE", purpose: "PERSONNEL_ADMIN", first: 100) { edges { cursor node { id subjectId categoryCode itemKeys collectedAt source retentionDueAt values { key value } } } }`;
    const answer = await t.gql(`{ ${['a', 'b', 'c'].map(page).join(' ')} }`, {}, hr);
    expect(answer.errors?.[0]?.message).toMatch(/^This query asks for too much at once/);
    expect(answer.errors?.[0]?.message).toContain('first is at most 100');
    expect(answer.errors?.[0]?.message).not.toMatch(/Syntax Error/);
  });

  it('answers no INTERNAL_SERVER_ERROR to any mutation with random strings and dates (fast-check over the schema)', async () => {
    const introspection = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${cpo}`)
      .send({ query: getIntrospectionQuery() });
    // In production introspection is for signed-in users only (the auditors' console needs the
    // schema); an anonymous caller is refused.
    const anonymous = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: getIntrospectionQuery() });
    const refused = anonymous.body as {
      data?: unknown;
      errors?: { extensions?: { code?: string } }[];
    };
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.data).toBeUndefined();
    // A password alone is not signed in: a session that must first change its initial password
    // (or finish its second step) is refused the schema too.
    const halfway = await t.createUser(Role.AUDITOR, { mustChangePassword: true });
    const halfwayAnswer = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${await t.login(halfway.email)}`)
      .send({ query: getIntrospectionQuery() });
    expect((halfwayAnswer.body as typeof refused).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const schema: GraphQLSchema = buildClientSchema(
      (introspection.body as { data: IntrospectionQuery }).data,
    );

    // Values that pass the inputs' own rules (codes of the catalog, ids that exist), with a control
    // character or nothing appended, so the hostile part reaches the services and SQL.
    const subjectId =
      (
        await t.dataSource.query<{ subject_id: string }[]>(
          'SELECT subject_id FROM personal_records WHERE id = $1',
          [recordId],
        )
      )[0]?.subject_id ?? '';
    const plausible = fc
      .tuple(
        fc.constantFrom(
          'EMPLOYEE',
          'PERSONNEL_ADMIN',
          'WEB_INQUIRY',
          'name',
          'department',
          recordId,
          subjectId,
          'web form',
          '2026-11-26',
          'consent-form-1',
          'hanako@example.jp',
        ),
        fc.constantFrom('', '', '\u0000', 'x\u0000', '\u0007'),
      )
      .map(([value, tail]) => value + tail);
    const hostile = fc.oneof(
      plausible,
      plausible,
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        '\u0000',
        'a\u0000b',
        '\u0007',
        '\uD800',
        '東京都千代田区',
        ' ',
        '',
        'x'.repeat(5000),
      ),
      fc.constantFrom(
        ...BAD_DATE_TIMES,
        ...BAD_DATES,
        '2099-01-01T00:00:00Z',
        '1900-01-01T00:00:00Z',
      ),
      fc.uuid(),
    );
    const valueOf = (type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> => {
      if (isNonNullType(type)) return valueOf(type.ofType, depth);
      if (isListType(type)) return fc.array(valueOf(type.ofType, depth), { maxLength: 3 });
      const named = getNamedType(type);
      if (isEnumType(named))
        return fc.constantFrom(...named.getValues().map((v) => v.value as string));
      if (isInputObjectType(named)) {
        if (depth > 3) return fc.constant({});
        const fields = Object.values(named.getFields());
        return fc.record(
          Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)])),
          { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) },
        );
      }
      if (isScalarType(named)) {
        if (named.name === 'Int') return fc.integer({ min: -5, max: 200 });
        if (named.name === 'Float')
          return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constant(1e300));
        if (named.name === 'Boolean') return fc.boolean();
        if (named.name === 'DateTime')
          return fc.oneof(
            hostile,
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          );
        return hostile; // String, ID, Date, JSON…
      }
      return fc.constant(null);
    };
    const mutation = schema.getMutationType()!;
    const tokens = [hr, cpo];
    for (const role of [Role.ADMIN, Role.SALES, Role.FACILITIES, Role.SUPPORT, Role.AUDITOR]) {
      tokens.push((await t.loginAs(role)).token);
    }
    const skipped = new Set(['logout', 'changePassword', 'login']); // they end or throttle the session
    const failures: string[] = [];
    for (const field of Object.values(mutation.getFields())) {
      if (skipped.has(field.name)) continue;
      const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const selection =
        isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type))
          ? ''
          : ' { __typename }';
      const query = field.args.length
        ? `mutation(${declared}) { ${field.name}(${passed})${selection} }`
        : `mutation { ${field.name}${selection} }`;
      const variables = fc.record(
        Object.fromEntries(field.args.map((a) => [a.name, valueOf(a.type, 0)])),
      );
      // The roles whose guard lets this mutation through, so that the inputs reach the service.
      const allowed: string[] = [];
      for (const token of tokens) {
        const probes = await Promise.all(
          fc.sample(variables, 4).map((vars) => t.gql(query, vars, token)),
        );
        if (!probes.some((p) => codeOf(p) === 'FORBIDDEN')) allowed.push(token);
      }
      if (allowed.length === 0) allowed.push(...tokens);
      await fc
        .assert(
          fc.asyncProperty(variables, fc.constantFrom(...allowed), async (vars, token) => {
            const answer = await t.gql(query, vars, token);
            const internal = (answer.errors ?? []).some(
              (e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR',
            );
            if (internal || answer.status >= 500) {
              failures.push(`${field.name} ${JSON.stringify(vars).slice(0, 300)}`);
              return false;
            }
            return true;
          }),
          { numRuns: 20, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
    // Every mutation of the schema, two dozen calls each: half a minute alone on a slow two-core
    // machine, over a minute beside another test file; the limit guards against a hang only.
  }, 240_000);
});
