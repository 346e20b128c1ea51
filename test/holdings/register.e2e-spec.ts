import { Role, TestApp } from '../harness/test-app';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const COUNTS = `query($filter: RecordRegisterFilter) { recordCounts(filter: $filter) {
  categoryCode status records } }`;
const REGISTER = `query($filter: RecordRegisterFilter, $first: Int, $after: String) {
  recordRegister(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id subjectId categoryCode status itemKeys hasConsentRef hasSource retentionDueAt } }
    pageInfo { endCursor hasNextPage } } }`;

interface Count {
  categoryCode: string;
  status: string;
  records: number;
}
interface Node {
  id: string;
  categoryCode: string;
  status: string;
  itemKeys: string[];
}

/**
 * The register of what is held: counts and metadata across categories, never values. The
 * auditor sees every category, a department only its own, and the role's rules are in the SQL:
 * no row or count of another category comes back, whatever the filter or page.
 */
describe('record register: counts and metadata by role, rules in SQL', () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();
  const created = new Map<string, string[]>();
  const NAME = '佐藤 レジスタ太郎';

  const create = async (
    role: Role,
    categoryCode: string,
    values: { key: string; value: string }[],
  ) => {
    const res = await t.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode,
          collectedAt: '2026-10-01T00:00:00Z',
          source: 'register test',
          consentRef: 'consent-register',
          values,
        },
      },
      tokens.get(role),
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    created.set(categoryCode, [...(created.get(categoryCode) ?? []), res.data.createRecord.id]);
    return res.data.createRecord.id;
  };
  const counts = async (role: Role, filter?: Record<string, unknown>) =>
    t.gql<{ recordCounts: Count[] }>(COUNTS, { filter }, tokens.get(role));

  beforeAll(async () => {
    t = await TestApp.start();
    for (const role of [Role.HR, Role.SALES, Role.FACILITIES, Role.AUDITOR, Role.CPO, Role.ADMIN]) {
      tokens.set(role, (await t.loginAs(role)).token);
    }
    const employee = [
      { key: 'name', value: NAME },
      { key: 'address', value: '東京都千代田区1-1' },
      { key: 'dateOfBirth', value: '1991-02-03' },
    ];
    await create(Role.HR, 'EMPLOYEE', employee);
    await create(Role.HR, 'EMPLOYEE', employee);
    await create(Role.HR, 'APPLICANT', [
      { key: 'name', value: NAME },
      { key: 'email', value: 'register@example.jp' },
    ]);
    const seminar = [
      { key: 'name', value: NAME },
      { key: 'email', value: 'seminar@example.jp' },
    ];
    await create(Role.SALES, 'SEMINAR', seminar);
    const gone = await create(Role.SALES, 'SEMINAR', seminar);
    const disposed = await t.gql(
      `mutation($id: ID!) { disposeRecord(id: $id, reason: "asked to be removed") { id } }`,
      { id: gone },
      tokens.get(Role.SALES),
    );
    expect(disposed.errors).toBeUndefined();
    await create(Role.FACILITIES, 'CCTV', [
      { key: 'capturedAt', value: '2026-10-01T08:00:00Z' },
      { key: 'cameraLocation', value: 'entrance' },
    ]);
  });
  afterAll(() => t.close());

  it('gives the auditor every category’s counts, per status, and records the look', async () => {
    const res = await counts(Role.AUDITOR);
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordCounts).toEqual([
      { categoryCode: 'APPLICANT', status: 'ACTIVE', records: 1 },
      { categoryCode: 'CCTV', status: 'ACTIVE', records: 1 },
      { categoryCode: 'EMPLOYEE', status: 'ACTIVE', records: 2 },
      { categoryCode: 'SEMINAR', status: 'ACTIVE', records: 1 },
      { categoryCode: 'SEMINAR', status: 'DISPOSED', records: 1 },
    ]);
    await t.sealLedger();
    expect(await t.ledgerRows(`target_type = 'RecordCounts' AND action = 'READ'`)).toHaveLength(1);
  });

  it('gives a department the counts of its own categories only, whatever it filters on', async () => {
    const hr = await counts(Role.HR);
    expect(hr.data?.recordCounts.map((c) => c.categoryCode)).toEqual(['APPLICANT', 'EMPLOYEE']);
    const sales = await counts(Role.SALES);
    expect(sales.data?.recordCounts).toEqual([
      { categoryCode: 'SEMINAR', status: 'ACTIVE', records: 1 },
      { categoryCode: 'SEMINAR', status: 'DISPOSED', records: 1 },
    ]);
    // Asking for another department's category is not an oracle: the rules still apply.
    expect((await counts(Role.HR, { categoryCode: 'SEMINAR' })).data?.recordCounts).toEqual([]);
    expect((await counts(Role.FACILITIES, { status: 'DISPOSED' })).data?.recordCounts).toEqual([]);
  });

  it('pages a department through its own records only, never another category’s', async () => {
    const seen: Node[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const res: {
        data?: null | {
          recordRegister: {
            edges: { node: Node }[];
            pageInfo: { endCursor: string; hasNextPage: boolean };
          };
        };
        errors?: unknown;
      } = await t.gql(REGISTER, { first: 1, after }, tokens.get(Role.HR));
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.recordRegister.edges.map((e) => e.node));
      if (!res.data!.recordRegister.pageInfo.hasNextPage) break;
      after = res.data!.recordRegister.pageInfo.endCursor;
    }
    expect(seen.map((n) => n.id).sort()).toEqual(
      [...created.get('EMPLOYEE')!, ...created.get('APPLICANT')!].sort(),
    );
  });

  it('shows the auditor metadata across categories and no value at all', async () => {
    const res = await t.gql<{ recordRegister: { edges: { node: Node }[] } }>(
      REGISTER,
      { first: 100 },
      tokens.get(Role.AUDITOR),
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.recordRegister.edges.map((e) => e.node);
    expect(nodes).toHaveLength(6);
    expect(nodes.find((n) => n.categoryCode === 'EMPLOYEE')?.itemKeys).toEqual([
      'address',
      'dateOfBirth',
      'name',
    ]);
    expect(JSON.stringify(res)).not.toContain(NAME);
    const disposed = await t.gql<{ recordRegister: { edges: { node: Node }[] } }>(
      REGISTER,
      { filter: { status: 'DISPOSED' } },
      tokens.get(Role.AUDITOR),
    );
    expect(disposed.data?.recordRegister.edges.map((e) => e.node.categoryCode)).toEqual([
      'SEMINAR',
    ]);
    // There is no field to ask for values through the register.
    const values = await t.gql(
      `{ recordRegister { edges { node { id values { key value } } } } }`,
      {},
      tokens.get(Role.AUDITOR),
    );
    expect(values.errors?.[0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses the administrator, and records the refusal', async () => {
    for (const query of [COUNTS, REGISTER]) {
      const res = await t.gql(query, {}, tokens.get(Role.ADMIN));
      expect(res.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    }
    await t.sealLedger();
    const denied = await t.ledgerRows(
      `action = 'DENIED' AND actor_role = 'ADMIN' AND details->>'reason' = 'lacks read RecordMetadata'`,
    );
    expect(denied).toHaveLength(2);
  });

  it('answers bad filters and cursors with BAD_USER_INPUT', async () => {
    const auditor = tokens.get(Role.AUDITOR);
    for (const variables of [
      { filter: { status: 'GONE' } },
      { filter: { subjectId: 'not-a-uuid' } },
      { filter: { categoryCode: 'lower case' } },
      { first: 0 },
      { first: 1000 },
      { after: 'not-a-cursor' },
    ]) {
      const res = await t.gql(REGISTER, variables, auditor);
      expect({ variables, code: res.errors?.[0]!.extensions?.code }).toEqual({
        variables,
        code: 'BAD_USER_INPUT',
      });
    }
  });
});
