import { Role, TestApp } from '../harness/test-app';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) {
  id subjectId categoryCode status retentionDueAt itemKeys values { key } } }`;
const READ = `query($id: ID!, $purpose: String!) { record(id: $id, purpose: $purpose) {
  id categoryCode values { key value } withheldItems } }`;

type Values = { key: string; value: string }[];
const valuesOf = (v: Values) => Object.fromEntries(v.map((x) => [x.key, x.value]));

describe('personal records: encrypted, purpose-bound, role-bound, every touch in the ledger', () => {
  let t: TestApp;
  let hr: string;
  let sales: string;
  let cpo: string;
  let employeeId: string;
  let subjectId: string;
  const MY_NUMBER = '123456789018';
  const ADDRESS = '大阪府大阪市中央区西心斎橋2-1-5 ZZ-MARKER-7731';

  const read = (id: string, purpose: string, token: string) =>
    t.gql<{ record: { values: Values; withheldItems: string[] } }>(READ, { id, purpose }, token);
  const denials = async (purpose?: string) => {
    await t.sealLedger();
    return t.ledgerRows(
      `action = 'DENIED' AND target_type = 'PersonalRecord'${purpose ? ` AND purpose_code = '${purpose}'` : ''}`,
    );
  };

  beforeAll(async () => {
    t = await TestApp.start();
    hr = (await t.loginAs(Role.HR)).token;
    sales = (await t.loginAs(Role.SALES)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
    const created = await t.gql<{
      createRecord: { id: string; subjectId: string; itemKeys: string[]; values: Values };
    }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T09:00:00+09:00',
          source: 'hiring documents',
          consentRef: 'consent-form-2026-0412',
          values: [
            { key: 'name', value: '山田 花子' },
            { key: 'address', value: ADDRESS },
            { key: 'dateOfBirth', value: '1990-04-01' },
            { key: 'email', value: 'hanako.yamada@example.jp' },
            { key: 'myNumber', value: MY_NUMBER },
            { key: 'healthCheckResults', value: 'normal; no findings' },
          ],
        },
      },
      hr,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    employeeId = created.data.createRecord.id;
    subjectId = created.data.createRecord.subjectId;
    expect(created.data.createRecord.values).toEqual([]); // creation never echoes values
    expect(created.data.createRecord.itemKeys).toEqual([
      'address',
      'dateOfBirth',
      'email',
      'healthCheckResults',
      'myNumber',
      'name',
    ]);
  });
  afterAll(() => t.close());

  it('keeps values out of the database in clear: no known value in any column of any holdings table', async () => {
    for (const table of [
      'personal_records',
      'data_subjects',
      'subject_blind_indexes',
      'ledger_entries',
    ]) {
      const rows = await t.dataSource.query<{ raw: string }[]>(
        `SELECT t::text AS raw FROM ${table} t`,
      );
      const raw = rows.map((r) => r.raw).join('\n');
      for (const secret of [MY_NUMBER, 'ZZ-MARKER-7731', '山田', 'hanako.yamada', '1990-04-01']) {
        expect({ table, found: raw.includes(secret) }).toEqual({ table, found: false });
      }
    }
    const [record] = await t.dataSource.query<{ sealed_values: Buffer }[]>(
      'SELECT sealed_values FROM personal_records WHERE id = $1',
      [employeeId],
    );
    expect(record!.sealed_values[0]).toBe(0x01); // format byte, then 12-byte IV and 16-byte tag
    const indexes = await t.dataSource.query<{ kind: string }[]>(
      'SELECT kind FROM subject_blind_indexes WHERE subject_id = $1 ORDER BY kind',
      [subjectId],
    );
    expect(indexes.map((i) => i.kind)).toEqual(['EMAIL', 'NAME']);
  });

  it('returns only the items the role may see for the purpose, and records which', async () => {
    const personnel = await read(employeeId, 'PERSONNEL_ADMIN', hr);
    expect(valuesOf(personnel.data!.record.values)).toEqual({
      name: '山田 花子',
      address: ADDRESS,
      dateOfBirth: '1990-04-01',
      email: 'hanako.yamada@example.jp',
    });
    // The denial is visible to the caller (names only) as well as in the ledger below.
    expect(personnel.data!.record.withheldItems).toEqual(['healthCheckResults', 'myNumber']);
    const statutory = await read(employeeId, 'STATUTORY_PROCEDURES', hr);
    expect(valuesOf(statutory.data!.record.values).myNumber).toBe(MY_NUMBER);
    expect(valuesOf(statutory.data!.record.values).healthCheckResults).toBeUndefined();
    const safety = await read(employeeId, 'INDUSTRIAL_SAFETY', hr);
    expect(valuesOf(safety.data!.record.values).healthCheckResults).toBe('normal; no findings');

    await t.sealLedger();
    const reads = await t.ledgerRows(`action = 'READ' AND target_id = $1`, [employeeId]);
    expect(reads.map((r) => [r.purpose_code, r.fields])).toEqual([
      ['PERSONNEL_ADMIN', ['address', 'dateOfBirth', 'email', 'name']],
      // Each purpose also gets only what it needs (catalog purposeItems): the
      // statutory procedures do not need the e-mail address, industrial safety not the address.
      ['STATUTORY_PROCEDURES', ['address', 'dateOfBirth', 'myNumber', 'name']],
      ['INDUSTRIAL_SAFETY', ['dateOfBirth', 'email', 'healthCheckResults', 'name']],
    ]);
    expect(reads[0]).toMatchObject({
      subject_id: subjectId,
      category_code: 'EMPLOYEE',
      details: { withheld: ['healthCheckResults', 'myNumber'] },
    });
  });

  it('withholds My Number from the CPO too, but for a disclosure to the person', async () => {
    // My Number Act arts. 9, 19: an incident is no statutory procedure (every role and purpose:
    // the policy's unit test, ability.factory.spec.ts).
    const incident = await read(employeeId, 'INCIDENT_RESPONSE', cpo);
    expect(incident.errors).toBeUndefined();
    expect(valuesOf(incident.data!.record.values).myNumber).toBeUndefined();
    expect(incident.data!.record.withheldItems).toContain('myNumber');
    expect(valuesOf(incident.data!.record.values).name).toBe('山田 花子');
    // The person's own number, disclosed to them on their request (APPI art. 33).
    const disclosure = await read(employeeId, 'DATA_SUBJECT_REQUEST', cpo);
    expect(valuesOf(disclosure.data!.record.values).myNumber).toBe(MY_NUMBER);
  });

  it('refuses a purpose misuse with FORBIDDEN and records it', async () => {
    for (const purpose of ['RECRUITMENT', 'DATA_SUBJECT_REQUEST', 'CRIME_PREVENTION']) {
      const answer = await read(employeeId, purpose, hr);
      expect({ purpose, code: answer.errors?.[0]!.extensions?.code }).toEqual({
        purpose,
        code: 'FORBIDDEN',
      });
      expect(answer.data?.record ?? null).toBeNull();
      const [denial] = await denials(purpose);
      expect(denial).toMatchObject({
        subject_id: subjectId,
        category_code: 'EMPLOYEE',
        target_id: employeeId,
      });
    }
    // Not a purpose code at all: refused at the edge, never quoted back.
    const odd = 'call 090-1234-5678 <b>now</b>';
    const answer = await read(employeeId, odd, hr);
    expect(answer.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: 'purpose must be a catalog code (UPPER_SNAKE_CASE).',
    });
    expect(JSON.stringify(answer)).not.toContain('090');
  });

  it('hides existence from roles without the category: NOT_FOUND, as for a record that does not exist', async () => {
    const other = await read(employeeId, 'PERSONNEL_ADMIN', sales);
    const missing = await read('00000000-0000-4000-8000-000000000000', 'PERSONNEL_ADMIN', sales);
    expect(other.errors?.[0]!.extensions?.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0]!.extensions?.code).toBe('NOT_FOUND');
    expect(other.errors?.[0]!.message.replace(employeeId, 'ID')).toBe(
      missing.errors?.[0]!.message.replace('00000000-0000-4000-8000-000000000000', 'ID'),
    );
    const recorded = await denials();
    expect(
      recorded.some(
        (d) =>
          d.target_id === employeeId && (d.details as { reason: string }).reason === 'NOT_FOUND',
      ),
    ).toBe(true);
  });

  it('lets the CPO read every item, for a request from the person', async () => {
    const answer = await read(employeeId, 'DATA_SUBJECT_REQUEST', cpo);
    expect(Object.keys(valuesOf(answer.data!.record.values)).sort()).toEqual([
      'address',
      'dateOfBirth',
      'email',
      'healthCheckResults',
      'myNumber',
      'name',
    ]);
    const personnel = await read(employeeId, 'PERSONNEL_ADMIN', cpo);
    expect(personnel.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
  });

  it('validates values against the category and writes nothing on refusal', async () => {
    const before = {
      records: await t.count('personal_records'),
      subjects: await t.count('data_subjects'),
    };
    const base = {
      categoryCode: 'WEB_INQUIRY',
      collectedAt: '2026-11-01T10:00:00Z',
      source: 'web form',
    };
    const cases: [string, Record<string, unknown>, string, string][] = [
      [
        'unknown item',
        {
          ...base,
          values: [
            { key: 'name', value: 'x' },
            { key: 'shoeSize', value: '27' },
          ],
        },
        'BAD_USER_INPUT',
        sales,
      ],
      [
        'missing required',
        { ...base, values: [{ key: 'email', value: 'a@example.jp' }] },
        'BAD_USER_INPUT',
        sales,
      ],
      [
        'wrong type',
        {
          ...base,
          categoryCode: 'EMPLOYEE',
          values: [
            { key: 'name', value: 'x' },
            { key: 'dateOfBirth', value: 'yesterday' },
          ],
        },
        'BAD_USER_INPUT',
        hr,
      ],
      [
        'consent missing',
        {
          ...base,
          categoryCode: 'WEB_NEWSLETTER',
          values: [{ key: 'email', value: 'a@example.jp' }],
        },
        'BAD_USER_INPUT',
        sales,
      ],
      [
        'binary inline',
        { ...base, categoryCode: 'CCTV', values: [{ key: 'image', value: 'AAAA' }] },
        'BAD_USER_INPUT',
        (await t.loginAs(Role.FACILITIES)).token,
      ],
      [
        'not their category',
        { ...base, categoryCode: 'EMPLOYEE', values: [{ key: 'name', value: 'x' }] },
        'FORBIDDEN',
        sales,
      ],
      [
        'unknown subject',
        {
          ...base,
          subjectId: '00000000-0000-4000-8000-000000000001',
          values: [{ key: 'name', value: 'x' }],
        },
        'NOT_FOUND',
        sales,
      ],
    ];
    for (const [what, input, code, token] of cases) {
      const answer = await t.gql(CREATE, { input }, token);
      expect({ what, code: answer.errors?.[0]!.extensions?.code }).toEqual({ what, code });
      expect(JSON.stringify(answer.errors)).not.toContain('yesterday');
    }
    expect({
      records: await t.count('personal_records'),
      subjects: await t.count('data_subjects'),
    }).toEqual(before);
  });

  it('computes the retention due date from the category rule', async () => {
    const facilities = (await t.loginAs(Role.FACILITIES)).token;
    const cctv = await t.gql<{ createRecord: { retentionDueAt: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'CCTV',
          collectedAt: '2026-11-01T00:00:00Z',
          source: 'camera 3',
          values: [
            { key: 'cameraLocation', value: 'entrance' },
            { key: 'capturedAt', value: '2026-11-01T00:00:00Z' },
          ],
        },
      },
      facilities,
    );
    expect(cctv.data!.createRecord.retentionDueAt).toBe('2026-12-01T00:00:00.000Z'); // P30D from collection
    const inquiry = await t.gql<{ createRecord: { retentionDueAt: string | null } }>(
      CREATE,
      {
        input: {
          categoryCode: 'WEB_INQUIRY',
          collectedAt: '2026-11-01T00:00:00Z',
          source: 'web form',
          values: [{ key: 'name', value: '佐藤' }],
        },
      },
      sales,
    );
    expect(inquiry.data!.createRecord.retentionDueAt).toBeNull(); // runs from the last contact, not yet known
  });

  it('keeps the catalog from removing an item that records still hold (CONFLICT), not one they do not', async () => {
    const ITEMS = `query { dataCategory(code: "EMPLOYEE") { version items { key label { ja en } valueType required specialCare identifiesAlone myNumber } } }`;
    const UPDATE = `mutation($input: DataCategoryChanges!) { updateDataCategory(code: "EMPLOYEE", input: $input) { version items { key } } }`;
    const current = await t.gql<{ dataCategory: { items: { key: string }[] } }>(ITEMS, {}, cpo);
    const items = current.data!.dataCategory.items;
    const without = (key: string) => items.filter((i) => i.key !== key);
    const before = await t.count('catalog_versions');
    const refused = await t.gql(UPDATE, { input: { items: without('healthCheckResults') } }, cpo);
    expect(refused.errors?.[0]!.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]!.message).toMatch(
      /^Records of EMPLOYEE still hold healthCheckResults;/,
    );
    expect(await t.count('catalog_versions')).toBe(before);
    const allowed = await t.gql<{ updateDataCategory: { items: { key: string }[] } }>(
      UPDATE,
      { input: { items: without('gender') } },
      cpo,
    );
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.updateDataCategory.items.map((i) => i.key)).not.toContain('gender');
  });

  it('never leaves an active record holding an item its category lost while the record was written', async () => {
    const ITEMS = `query { dataCategory(code: "APPLICANT") { items { key label { ja en } valueType required specialCare identifiesAlone myNumber } } }`;
    const UPDATE = `mutation($input: DataCategoryChanges!) { updateDataCategory(code: "APPLICANT", input: $input) { version } }`;
    const current = await t.gql<{ dataCategory: { items: { key: string }[] } }>(ITEMS, {}, cpo);
    const without = current.data!.dataCategory.items.filter((i) => i.key !== 'education');
    // Twenty applicants' records with their education, and the item's removal, at once.
    const create = () =>
      t.gql(
        CREATE,
        {
          input: {
            categoryCode: 'APPLICANT',
            collectedAt: '2026-06-01T00:00:00Z',
            source: 'application form',
            values: [
              { key: 'name', value: '応募 太郎' },
              { key: 'education', value: '大学卒' },
            ],
          },
        },
        hr,
      );
    const creates = Array.from({ length: 10 }, create);
    const removal = t.gql<{ updateDataCategory: { version: number } }>(
      UPDATE,
      { input: { items: without } },
      cpo,
    );
    const answers = await Promise.all([...creates, removal, ...Array.from({ length: 10 }, create)]);
    const removed = !answers[10]!.errors;
    const [held] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM personal_records
        WHERE category_code = 'APPLICANT' AND status = 'ACTIVE' AND 'education' = ANY(item_keys)`,
    );
    // Either the removal came first (later creates are refused) or a record did (the removal is).
    if (removed) expect(held!.n).toBe(0);
    else expect(answers[10]!.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    for (const [i, a] of answers.entries())
      if (i !== 10 && a.errors) expect(a.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists a category for a purpose: only that category’s rows, permitted items, one READ entry each', async () => {
    const LIST = `query($c: String!, $p: String!, $first: Int, $after: String) { records(categoryCode: $c, purpose: $p, first: $first, after: $after) {
      edges { cursor node { id categoryCode values { key } } } pageInfo { endCursor hasNextPage } } }`;
    type Page = {
      records: {
        edges: { node: { id: string; categoryCode: string; values: { key: string }[] } }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    };
    await t.gql(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-06-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'consent-2026-0601',
          values: [
            { key: 'name', value: '佐藤 一郎' },
            { key: 'myNumber', value: '987654321098' },
          ],
        },
      },
      hr,
    );
    const first = await t.gql<Page>(LIST, { c: 'EMPLOYEE', p: 'PERSONNEL_ADMIN', first: 1 }, hr);
    expect(first.data!.records.edges).toHaveLength(1);
    expect(first.data!.records.pageInfo.hasNextPage).toBe(true);
    const rest = await t.gql<Page>(
      LIST,
      {
        c: 'EMPLOYEE',
        p: 'PERSONNEL_ADMIN',
        first: 50,
        after: first.data!.records.pageInfo.endCursor,
      },
      hr,
    );
    const all = [...first.data!.records.edges, ...rest.data!.records.edges].map((e) => e.node);
    expect(all.every((r) => r.categoryCode === 'EMPLOYEE')).toBe(true);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(all.flatMap((r) => r.values.map((v) => v.key))).not.toContain('myNumber');

    const salesView = await t.gql<Page>(LIST, { c: 'EMPLOYEE', p: 'PERSONNEL_ADMIN' }, sales);
    expect(salesView.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    expect(salesView.data?.records ?? null).toBeNull();
    const inquiries = await t.gql<Page>(LIST, { c: 'WEB_INQUIRY', p: 'INQUIRY_RESPONSE' }, sales);
    expect(inquiries.data!.records.edges.every((e) => e.node.categoryCode === 'WEB_INQUIRY')).toBe(
      true,
    );
    await t.sealLedger();
    const reads = await t.ledgerRows(
      `action = 'READ' AND category_code = 'EMPLOYEE' AND purpose_code = 'PERSONNEL_ADMIN'`,
    );
    expect(reads.length).toBeGreaterThanOrEqual(all.length + 1);
    const [denied] = await t.ledgerRows(
      `action = 'DENIED' AND category_code = 'EMPLOYEE' AND details->>'operation' = 'list PersonalRecord'`,
    );
    expect(denied).toBeDefined();
  });

  it('narrows a list by subject and collection date, after the role and purpose decision', async () => {
    const LIST = `query($f: RecordsFilterInput) { records(categoryCode: "EMPLOYEE", purpose: "PERSONNEL_ADMIN", first: 100, filter: $f) {
      edges { node { id subjectId } } } }`;
    type Page = { records: { edges: { node: { id: string; subjectId: string } }[] } };
    const bySubject = await t.gql<Page>(LIST, { f: { subjectId } }, hr);
    expect(bySubject.data!.records.edges.map((e) => e.node.id)).toEqual([employeeId]);
    const after = await t.gql<Page>(LIST, { f: { collectedFrom: '2026-05-01T00:00:00Z' } }, hr);
    expect(after.data!.records.edges.map((e) => e.node.id)).not.toContain(employeeId);
    expect(after.data!.records.edges.length).toBeGreaterThan(0);
    const before = await t.gql<Page>(LIST, { f: { collectedTo: '2026-05-01T00:00:00Z' } }, hr);
    expect(before.data!.records.edges.map((e) => e.node.id)).toEqual([employeeId]);
    // A filter never widens: SALES is still refused, whatever it narrows to.
    expect((await t.gql(LIST, { f: { subjectId } }, sales)).errors?.[0]!.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await t.gql(LIST, { f: { subjectId: 'nope' } }, hr)).errors?.[0]!.extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('updates some values: names in the ledger, values checked, other categories NOT_FOUND', async () => {
    const UPDATE = `mutation($id: ID!, $input: UpdateRecordInput!) { updateRecord(id: $id, input: $input) { itemKeys values { key } } }`;
    const moved = await t.gql<{ updateRecord: { itemKeys: string[]; values: unknown[] } }>(
      UPDATE,
      {
        id: employeeId,
        input: {
          values: [
            { key: 'address', value: '東京都千代田区 ZZ-NEW-ADDRESS' },
            { key: 'phone', value: '03-1111-2222' },
          ],
        },
      },
      hr,
    );
    expect(moved.data!.updateRecord.values).toEqual([]);
    expect(moved.data!.updateRecord.itemKeys).toContain('phone');
    const read = await t.gql<{ record: { values: Values } }>(
      READ,
      { id: employeeId, purpose: 'PERSONNEL_ADMIN' },
      hr,
    );
    expect(valuesOf(read.data!.record.values)).toMatchObject({
      address: '東京都千代田区 ZZ-NEW-ADDRESS',
      phone: '03-1111-2222',
      name: '山田 花子',
    });
    await t.sealLedger();
    const [entry] = await t.ledgerRows(`action = 'UPDATE' AND target_id = $1`, [employeeId]);
    expect(entry).toMatchObject({ fields: ['address', 'phone'] });
    expect(JSON.stringify(entry)).not.toContain('ZZ-NEW-ADDRESS');
    const bad = await t.gql(
      UPDATE,
      { id: employeeId, input: { values: [{ key: 'dateOfBirth', value: 'soon' }] } },
      hr,
    );
    expect(bad.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const stranger = await t.gql(
      UPDATE,
      { id: employeeId, input: { values: [{ key: 'name', value: 'x' }] } },
      sales,
    );
    expect(stranger.errors?.[0]!.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses mass assignment: fields the input does not have are rejected, nothing written', async () => {
    await t.sealLedger();
    const before = {
      row: await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT version, category_code, status, subject_id, created_by FROM personal_records WHERE id = $1`,
        [employeeId],
      ),
      entries: await t.count('ledger_entries'),
      records: await t.count('personal_records'),
    };
    const attempts = [
      [
        `mutation($id: ID!) { updateRecord(id: $id, input: { values: [{ key: "name", value: "x" }], categoryCode: "CCTV" }) { id } }`,
        { id: employeeId },
      ],
      [
        `mutation($id: ID!) { updateRecord(id: $id, input: { values: [{ key: "name", value: "x" }], status: "DISPOSED", subjectId: $id }) { id } }`,
        { id: employeeId },
      ],
      [
        `mutation($id: ID!, $input: UpdateRecordInput!) { updateRecord(id: $id, input: $input) { id } }`,
        {
          id: employeeId,
          input: { values: [{ key: 'name', value: 'x' }], createdBy: 'someone-else' },
        },
      ],
      [
        `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`,
        {
          input: {
            categoryCode: 'EMPLOYEE',
            collectedAt: '2026-04-01T00:00:00Z',
            source: 'x',
            consentRef: 'c',
            values: [{ key: 'name', value: 'x' }],
            retentionDueAt: '2999-01-01T00:00:00Z',
          },
        },
      ],
    ] as const;
    for (const [query, variables] of attempts) {
      const answer = await t.gql(query, variables, hr);
      expect(answer.errors?.[0]!.extensions?.code).toMatch(
        /^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/,
      );
      expect(answer.data ?? null).toBeNull();
    }
    await t.sealLedger();
    expect({
      row: await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT version, category_code, status, subject_id, created_by FROM personal_records WHERE id = $1`,
        [employeeId],
      ),
      entries: await t.count('ledger_entries'),
      records: await t.count('personal_records'),
    }).toEqual(before);
  });

  it('records a read of three subjects in one operation as exactly three entries, no values', async () => {
    const names = ['木村 一', '木村 二', '木村 三'];
    const ids: string[] = [];
    for (const name of names) {
      const created = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
        CREATE,
        {
          input: {
            categoryCode: 'APPLICANT',
            collectedAt: '2026-09-01T00:00:00Z',
            source: 'application form',
            consentRef: 'consent-applicant',
            values: [
              { key: 'name', value: name },
              { key: 'email', value: `${ids.length}.kimura@example.jp` },
            ],
          },
        },
        hr,
      );
      ids.push(created.data!.createRecord.subjectId);
    }
    const res = await t.http.post('/graphql').set('authorization', `Bearer ${hr}`).send({
      query: `{ records(categoryCode: "APPLICANT", purpose: "RECRUITMENT", first: 3) { edges { node { subjectId values { key value } } } } }`,
    });
    const body = res.body as {
      data: { records: { edges: { node: { subjectId: string; values: Values } }[] } };
    };
    expect(body.data.records.edges.map((e) => valuesOf(e.node.values).name).sort()).toEqual(
      [...names].sort(),
    );
    const requestId = res.headers['x-request-id'];
    await t.sealLedger();
    const entries = await t.ledgerRows('request_id = $1', [requestId]);
    expect(
      entries
        .map((e) => ({
          action: e.action,
          actor: e.actor_role,
          subject: e.subject_id,
          fields: e.fields,
          purpose: e.purpose_code,
        }))
        .sort((a, b) => String(a.subject).localeCompare(String(b.subject))),
    ).toEqual(
      [...ids].sort().map((subject) => ({
        action: 'READ',
        actor: 'HR',
        subject,
        fields: ['email', 'name'],
        purpose: 'RECRUITMENT',
      })),
    );
    const stored = JSON.stringify(entries);
    for (const name of names) expect(stored).not.toContain(name);
    expect(stored).not.toContain('kimura@example.jp');
  });

  it('refuses values moved to another record (DECRYPTION_FAILED), never returning garbage', async () => {
    const second = await t.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          subjectId,
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'update form',
          consentRef: 'consent-form-2026-0412',
          values: [
            { key: 'name', value: '山田 花子' },
            { key: 'address', value: 'elsewhere' },
          ],
        },
      },
      hr,
    );
    const secondId = second.data!.createRecord.id;
    await t.dataSource.query(
      `UPDATE personal_records SET sealed_values = (SELECT sealed_values FROM personal_records WHERE id = $1) WHERE id = $2`,
      [employeeId, secondId],
    );
    const answer = await read(secondId, 'PERSONNEL_ADMIN', hr);
    expect(answer.errors?.[0]?.extensions?.code).toBe('DECRYPTION_FAILED');
    expect(JSON.stringify(answer)).not.toContain('ZZ-MARKER');
  });
});
