import { COMPANY_CATEGORIES, ItemValueType } from '@daicho/inventory';
import { Role, TestApp } from '../harness/test-app';

/**
 * Checks, for personal records: every role × every category × create and read, each cell asserted
 * with the ledger entry it leaves. The expectation is written here as the privacy policy reads
 * (§2 per department), not derived from the rules under test.
 */
const HANDLES: Partial<Record<Role, string[]>> = {
  [Role.HR]: ['EMPLOYEE', 'APPLICANT'],
  [Role.SALES]: [
    'WEB_NEWSLETTER',
    'WEB_INQUIRY',
    'WEB_ESTIMATE',
    'WEB_AFTER_SALES',
    'SEMINAR',
    'PARTNER_CONTACT',
  ],
  [Role.SUPPORT]: ['CALL_RECORDING', 'ENTRUSTED_SYSDEV', 'ENTRUSTED_DATA_ENTRY'],
  [Role.FACILITIES]: ['CCTV'],
  // The requesters' and complainants' own data: kept by the CPO, who answers them.
  [Role.CPO]: ['REQUESTER', 'COMPLAINANT'],
};
const ROLES = [
  Role.HR,
  Role.SALES,
  Role.SUPPORT,
  Role.FACILITIES,
  Role.CPO,
  Role.AUDITOR,
  Role.ADMIN,
];
const SAMPLE: Record<ItemValueType, string> = {
  TEXT: 'sample',
  DATE: '2000-01-01',
  DATETIME: '2026-01-01T00:00:00Z',
  NUMBER: '1',
  BINARY: '',
};

const minimalValues = (code: string) =>
  COMPANY_CATEGORIES.find((c) => c.code === code)!
    .items.filter((i) => i.required && i.valueType !== ItemValueType.BINARY)
    .map((i) => ({ key: i.key, value: SAMPLE[i.valueType] }));
const CHANGED: Record<ItemValueType, string> = {
  TEXT: 'changed',
  DATE: '2001-02-03',
  DATETIME: '2026-02-02T00:00:00Z',
  NUMBER: '2',
  BINARY: '',
};
/** A different, valid value for the category's first required item. */
const changedValue = (code: string) => {
  const item = COMPANY_CATEGORIES.find((c) => c.code === code)!.items.find(
    (i) => i.required && i.valueType !== ItemValueType.BINARY,
  )!;
  return { key: item.key, value: CHANGED[item.valueType] };
};
/** The category's own business purpose; the REQUESTER category has none but answering requests. */
const ownPurpose = (code: string) =>
  COMPANY_CATEGORIES.find((c) => c.code === code)!.purposeCodes.find(
    (p) => p !== 'DATA_SUBJECT_REQUEST' && p !== 'INCIDENT_RESPONSE',
  ) ?? 'DATA_SUBJECT_REQUEST';

describe('personal records: role × category × action matrix', () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();
  const recordOf = new Map<string, string>();

  const call = async (token: string, query: string, variables: Record<string, unknown>) => {
    const res = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({ query, variables });
    // Entries carry the server's request id, which the response names.
    const requestId = res.headers['x-request-id'];
    const body = res.body as {
      data?: Record<string, { id: string } | null> | null;
      errors?: { extensions?: { code?: string } }[];
    };
    return { requestId, body };
  };
  const entriesFor = async (requestId: string) => {
    await t.sealLedger();
    return (await t.ledgerRows('request_id = $1', [requestId])).map(
      (e) => `${String(e.action)}/${String(e.outcome)}`,
    );
  };

  beforeAll(async () => {
    t = await TestApp.start();
    for (const role of ROLES) tokens.set(role, (await t.loginAs(role)).token);
  });
  afterAll(() => t.close());

  const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`;
  const READ = `query($id: ID!, $purpose: String!) { record(id: $id, purpose: $purpose) { id } }`;

  for (const role of ROLES) {
    it(`${role}: creates records of exactly its categories`, async () => {
      for (const category of COMPANY_CATEGORIES.map((c) => c.code)) {
        const allowed = HANDLES[role]?.includes(category) ?? false;
        const { requestId, body } = await call(tokens.get(role)!, CREATE, {
          input: {
            categoryCode: category,
            collectedAt: '2026-11-01T00:00:00Z',
            source: 'matrix',
            consentRef: 'consent-matrix',
            values: minimalValues(category),
          },
        });
        const cell = {
          role,
          category,
          code: body.errors?.[0]?.extensions?.code ?? 'OK',
          ledger: await entriesFor(requestId!),
        };
        if (allowed) {
          expect(cell).toEqual({ role, category, code: 'OK', ledger: ['CREATE/ALLOWED'] });
          recordOf.set(category, body.data!.createRecord!.id);
        } else {
          expect(cell).toEqual({ role, category, code: 'FORBIDDEN', ledger: ['DENIED/DENIED'] });
        }
      }
    });
  }

  for (const role of ROLES) {
    it(`${role}: reads records of its categories for their purposes, and the CPO for requests`, async () => {
      for (const category of COMPANY_CATEGORIES.map((c) => c.code)) {
        const id = recordOf.get(category);
        expect({ category, created: Boolean(id) }).toEqual({ category, created: true });
        const purpose = role === Role.CPO ? 'DATA_SUBJECT_REQUEST' : ownPurpose(category);
        const { requestId, body } = await call(tokens.get(role)!, READ, { id, purpose });
        const allowed = role === Role.CPO || (HANDLES[role]?.includes(category) ?? false);
        const guarded = role === Role.AUDITOR || role === Role.ADMIN; // no record rule at all: the guard refuses
        const cell = {
          role,
          category,
          code: body.errors?.[0]?.extensions?.code ?? 'OK',
          ledger: await entriesFor(requestId!),
        };
        expect(cell).toEqual({
          role,
          category,
          code: allowed ? 'OK' : guarded ? 'FORBIDDEN' : 'NOT_FOUND',
          ledger: [allowed ? 'READ/ALLOWED' : 'DENIED/DENIED'],
        });
      }
    });
  }

  const UPDATE = `mutation($id: ID!, $input: UpdateRecordInput!) { updateRecord(id: $id, input: $input) { id } }`;
  const DISPOSE = `mutation($id: ID!) { disposeRecord(id: $id, reason: "matrix") { id status } }`;
  /** Roles with no rule for the action at all are refused by the guard (FORBIDDEN); departments
   * that handle other categories get NOT_FOUND, so a record's existence does not leak. */
  const refusal = (role: Role) => (HANDLES[role] ? 'NOT_FOUND' : 'FORBIDDEN');

  for (const [action, query, entry] of [
    ['updates', UPDATE, 'UPDATE/ALLOWED'],
    ['disposes of', DISPOSE, 'DISPOSE/ALLOWED'],
  ] as const) {
    for (const role of ROLES) {
      it(`${role}: ${action} records of exactly its categories`, async () => {
        for (const category of COMPANY_CATEGORIES.map((c) => c.code)) {
          const id = recordOf.get(category);
          const input = { values: [changedValue(category)] };
          const { requestId, body } = await call(tokens.get(role)!, query, { id, input });
          const allowed = HANDLES[role]?.includes(category) ?? false;
          const cell = {
            role,
            category,
            code: body.errors?.[0]?.extensions?.code ?? 'OK',
            ledger: await entriesFor(requestId!),
          };
          expect(cell).toEqual({
            role,
            category,
            code: allowed ? 'OK' : refusal(role),
            ledger: [allowed ? entry : 'DENIED/DENIED'],
          });
        }
      });
    }
  }

  const COUNTS = `{ recordCounts { categoryCode status records } }`;
  for (const role of ROLES) {
    it(`${role}: counts records of exactly the categories it may see`, async () => {
      const { requestId, body } = await call(tokens.get(role)!, COUNTS, {});
      const seen =
        role === Role.CPO || role === Role.AUDITOR
          ? COMPANY_CATEGORIES.map((c) => c.code)
          : (HANDLES[role] ?? []);
      const counts = (body.data?.recordCounts ?? []) as unknown as { categoryCode: string }[];
      expect({
        role,
        code: body.errors?.[0]?.extensions?.code ?? 'OK',
        categories: counts.map((c) => c.categoryCode).sort(),
        ledger: await entriesFor(requestId!),
      }).toEqual({
        role,
        code: role === Role.ADMIN ? 'FORBIDDEN' : 'OK',
        categories: role === Role.ADMIN ? [] : [...seen].sort(),
        ledger: [role === Role.ADMIN ? 'DENIED/DENIED' : 'READ/ALLOWED'],
      });
    });
  }
});
