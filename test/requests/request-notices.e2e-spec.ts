import { Role, TestApp } from '../harness/test-app';

const RECEIVE = `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { id } }`;
const MATCH = `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { id subjectIds } }`;
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const NOTICE = `query($id: ID!) { request(id: $id) { id number kind status dueOn art39On businessDaysLeft subjectIds } }`;
const LIST = `{ requests(first: 50) { edges { node { id number subjectIds } } } }`;
/** Each field a department's notice must not carry, asked alone. */
const DETAILS = [
  'agentKind',
  'channel',
  'disclosureMethod',
  'feeRequired',
  'feeAmount',
  'feePaid',
  'missing',
  'pausedOn',
  'identityConfirmed',
  'agencyConfirmed',
  'letters',
  'identityChecks { result }',
  'feePayments { amount }',
  'pauses { pausedOn }',
  'referrals { recipientCode }',
  'decision { outcome }',
  'execution { measures }',
  'response { method }',
];

/**
 * A department learns that a request from the person concerns its people, and which of them, so
 * it stops using or corrects as told (APPI arts. 34–35); it never sees who asked through whom
 * (an agent for a minor or an adult ward), the checks, the fee or the decision, nor the other
 * departments' persons matched to the same request.
 */
describe('requests from the person: what a department sees (the notice)', () => {
  let t: TestApp;
  let cpo: string;
  let hr: string;
  let sales: string;
  let auditor: string;
  let requestId: string;
  let employee: string;
  let customer: string;

  const create = async (token: string, categoryCode: string, values: [string, string][]) => {
    const answer = await t.gql<{ createRecord: { subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode,
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'form',
          consentRef: 'consent 2026',
          values: values.map(([key, value]) => ({ key, value })),
        },
      },
      token,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.createRecord.subjectId;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    hr = (await t.loginAs(Role.HR)).token;
    sales = (await t.loginAs(Role.SALES)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    employee = await create(hr, 'EMPLOYEE', [
      ['name', '佐藤 一郎'],
      ['employeeNumber', 'E-2001'],
    ]);
    customer = await create(sales, 'WEB_INQUIRY', [
      ['name', '佐藤 一郎'],
      ['email', 'ichiro@example.jp'],
      ['inquiry', '資料請求'],
    ]);
    const received = await t.gql<{ receiveRequest: { id: string } }>(
      RECEIVE,
      {
        input: {
          kind: 'CORRECTION',
          channel: 'MAIL',
          receivedAt: '2026-12-01T09:30:00+09:00',
          requester: { name: '佐藤 花子', address: '東京都港区1-1-1' },
          agent: { kind: 'ADULT_WARD_GUARDIAN', name: '佐藤 花子', address: '東京都港区1-1-1' },
        },
      },
      cpo,
    );
    expect(received.errors).toBeUndefined();
    requestId = received.data!.receiveRequest.id;
    const matched = await t.gql<{ matchRequestSubjects: { subjectIds: string[] } }>(
      MATCH,
      { id: requestId, s: [employee, customer] },
      cpo,
    );
    expect(matched.errors).toBeUndefined();
    expect(matched.data!.matchRequestSubjects.subjectIds.sort()).toEqual(
      [employee, customer].sort(),
    );
  });
  afterAll(() => t.close());

  it('shows each department the notice with its own persons only', async () => {
    const asHr = await t.gql<{ request: { subjectIds: string[]; kind: string } }>(
      NOTICE,
      { id: requestId },
      hr,
    );
    expect(asHr.errors).toBeUndefined();
    expect(asHr.data!.request).toMatchObject({ kind: 'CORRECTION', subjectIds: [employee] });
    // HR's look is an entry in the employee's name, so their own disclosure lists it (art. 33).
    const looks = await t.ledgerRows(
      `action = 'READ' AND actor_role = 'HR' AND subject_id = $1 AND target_id = $2`,
      [employee, requestId],
    );
    expect(looks.map((e) => e.details)).toEqual([{ view: 'notice' }]);
    const asSales = await t.gql<{ requests: { edges: { node: { subjectIds: string[] } }[] } }>(
      LIST,
      {},
      sales,
    );
    expect(asSales.errors).toBeUndefined();
    expect(asSales.data!.requests.edges.map((e) => e.node.subjectIds)).toEqual([[customer]]);
    // Whoever sees the whole request sees everyone matched.
    const asAuditor = await t.gql<{ request: { subjectIds: string[] } }>(
      NOTICE,
      { id: requestId },
      auditor,
    );
    expect(asAuditor.data!.request.subjectIds.sort()).toEqual([employee, customer].sort());
  });

  it.each(DETAILS)(
    'refuses a department the request’s %s, and records the refusal',
    async (field) => {
      const query = `query($id: ID!) { request(id: $id) { id ${field} } }`;
      const before = await t.ledgerRows(`action = 'DENIED' AND actor_role = 'HR'`);
      const asHr = await t.gql(query, { id: requestId }, hr);
      expect(asHr.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(asHr)).not.toMatch(/ADULT_WARD_GUARDIAN|MAIL|佐藤/);
      expect(await t.ledgerRows(`action = 'DENIED' AND actor_role = 'HR'`)).toHaveLength(
        before.length + 1,
      );
      // The auditor, who sees whole requests, gets the same field.
      const asAuditor = await t.gql(query, { id: requestId }, auditor);
      expect(asAuditor.errors).toBeUndefined();
    },
  );
});
