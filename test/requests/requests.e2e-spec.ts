import { spawnSync } from 'node:child_process';
import { todayInJapan } from '@daicho/platform';
import { join } from 'node:path';
import { RetentionService } from '@daicho/holdings';
import { ROOT, serverBuild } from '../harness/server-build';
import { Role, TestApp } from '../harness/test-app';

const FIELDS = `id number kind status receivedAt handlingStartsOn dueOn art39On businessDaysLeft pausedOn
  missing feeRequired feeAmount feePaid identityConfirmed agencyConfirmed subjectIds letters
  decision { outcome grounds exemption } execution { persons records categoryCodes measures }
  response { sentOn method } pauses { missing pausedOn resumedOn businessDays }`;
const RECEIVE = `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { ${FIELDS} } }`;
const CHECK = `mutation($id: ID!, $input: RecordIdentityCheckInput!) { recordIdentityCheck(requestId: $id, input: $input) { ${FIELDS} } }`;
const FEE = `mutation($id: ID!, $input: RecordFeePaymentInput!) { recordFeePayment(requestId: $id, input: $input) { ${FIELDS} } }`;
const MATCH = `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { ${FIELDS} } }`;
const DECIDE = `mutation($id: ID!, $input: DecideRequestInput!) { decideRequest(requestId: $id, input: $input) { ${FIELDS} } }`;
const EXECUTE = `mutation($id: ID!, $input: ExecuteRequestInput) { executeRequest(requestId: $id, input: $input) { ${FIELDS} } }`;
const RESPOND = `mutation($id: ID!, $input: RespondToRequestInput!) { respondToRequest(requestId: $id, input: $input) { ${FIELDS} } }`;
const CLOSE = `mutation($id: ID!) { closeRequest(requestId: $id) { ${FIELDS} } }`;
const GET = `query($id: ID!) { request(id: $id) { ${FIELDS} } }`;
const REFERENCES = `query($id: ID!) { request(id: $id) { feePayments { amount reference } } }`;
const NOTICE = `query($id: ID!) { request(id: $id) { id number kind status dueOn subjectIds } }`;
const LIST = `query($f: RequestsFilter) { requests(filter: $f, first: 50) { edges { node { id number } cursor } pageInfo { hasNextPage } } }`;
const PARTIES = `query($id: ID!) { requestParties(requestId: $id) { requester { name address email } agent { name } details } }`;
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;

interface Req {
  id: string;
  number: string;
  status: string;
  handlingStartsOn: string;
  dueOn: string;
  art39On: string;
  pausedOn: string | null;
  missing: string[];
  feeRequired: boolean;
  feeAmount: number;
  feePaid: number;
  identityConfirmed: boolean;
  agencyConfirmed: boolean | null;
  subjectIds: string[];
  letters: string[];
  decision: { outcome: string; grounds: string[] } | null;
  execution: {
    persons: number;
    records: number;
    categoryCodes: string[];
    measures: string[];
  } | null;
  pauses: { missing: string[]; resumedOn: string | null }[];
}

const REQUESTER = {
  name: '山田 花子',
  address: '大阪府大阪市中央区1-2-3',
  email: 'hanako@example.jp',
};
const CONFIRMED = {
  subject: 'REQUESTER',
  documentType: 'DRIVERS_LICENSE',
  domicileBlackedOut: true,
  result: 'CONFIRMED',
  note: '運転免許証の写しで確認（本籍地は黒塗り）',
};
/** Today as the server counts days: in Japan (after 15:00 UTC it is already tomorrow there). */
const TODAY = todayInJapan();

describe('requests from the person (APPI arts. 32–39), over GraphQL', () => {
  let t: TestApp;
  let cpo: string;
  let hr: string;
  let sales: string;
  let auditor: string;
  let employee: { id: string; subjectId: string };

  const run = async <T = Req>(query: string, variables: Record<string, unknown>, token = cpo) =>
    t.gql<Record<string, T>>(query, variables, token);
  const ok = async (
    query: string,
    variables: Record<string, unknown>,
    token = cpo,
  ): Promise<Req> => {
    const answer = await run(query, variables, token);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0] as Req;
  };
  const codeOf = async (query: string, variables: Record<string, unknown>, token = cpo) =>
    (await run(query, variables, token)).errors?.[0]?.extensions?.code;
  const receive = (input: Record<string, unknown>) =>
    ok(RECEIVE, {
      input: {
        channel: 'MAIL',
        receivedAt: '2026-12-01T09:30:00+09:00',
        requester: REQUESTER,
        ...input,
      },
    });
  /** The request's own ledger entries, in order: action names. */
  const entriesOf = async (id: string) => {
    await t.sealLedger();
    return (await t.ledgerRows(`target_id = $1 AND target_type = 'DataSubjectRequest'`, [id])).map(
      (r) => r.action as string,
    );
  };

  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    hr = (await t.loginAs(Role.HR)).token;
    sales = (await t.loginAs(Role.SALES)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    const created = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract 2026',
          values: [
            { key: 'name', value: '山田 花子' },
            { key: 'employeeNumber', value: 'E-1001' },
          ],
        },
      },
      hr,
    );
    expect(created.errors).toBeUndefined();
    employee = created.data!.createRecord;
  });
  afterAll(() => t.close());

  it('stores the dates on arrival: the year-end closure, and a weekday morning that is handled that day', async () => {
    const yearEnd = await receive({
      kind: 'DISCLOSURE',
      disclosureMethod: 'ELECTRONIC',
      receivedAt: '2025-12-29T10:00:00+09:00',
    });
    expect(yearEnd).toMatchObject({
      number: 'R-2025-0001',
      status: 'RECEIVED',
      handlingStartsOn: '2026-01-05',
      art39On: '2026-01-12',
      feeRequired: true,
      feeAmount: 1000,
      feePaid: 0,
    });
    const weekday = await receive({ kind: 'CORRECTION' });
    expect(weekday).toMatchObject({
      number: 'R-2026-0001',
      handlingStartsOn: '2026-12-01',
      dueOn: '2026-12-15',
      art39On: '2026-12-15',
      feeRequired: false,
      feeAmount: 0,
    });
    expect(await entriesOf(weekday.id)).toEqual(['REQUEST_RECEIVED']);
    // The requester's data is a sealed REQUESTER record: nothing of it in clear in the database.
    const [row] = await t.dataSource.query<{ sealed_values: Buffer; category_code: string }[]>(
      `SELECT p.sealed_values, p.category_code FROM personal_records p
         JOIN data_subject_requests r ON r.requester_record_id = p.id WHERE r.id = $1`,
      [weekday.id],
    );
    expect(row!.category_code).toBe('REQUESTER');
    expect(row!.sealed_values.toString('utf8')).not.toContain('hanako');
    // The CPO reads it (a READ entry); the auditor sees the request, never the requester.
    const parties = await run<{ requester: { name: string } }>(PARTIES, { id: weekday.id });
    expect(parties.data!.requestParties!.requester.name).toBe('山田 花子');
    expect(await codeOf(PARTIES, { id: weekday.id }, auditor)).toBe('FORBIDDEN');
    expect((await ok(GET, { id: weekday.id }, auditor)).number).toBe('R-2026-0001');
  });

  it('refuses bad input by name, writing nothing', async () => {
    const before = await t.count('data_subject_requests');
    const bad = async (input: Record<string, unknown>, field: string) => {
      const answer = await run(RECEIVE, {
        input: {
          kind: 'DISCLOSURE',
          disclosureMethod: 'WRITTEN',
          channel: 'MAIL',
          receivedAt: '2026-12-01T09:30:00+09:00',
          requester: REQUESTER,
          ...input,
        },
      });
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toContain(field);
    };
    await bad({ kind: 'NOT_A_KIND' }, 'kind');
    await bad({ receivedAt: '2099-01-01T00:00:00Z' }, 'receivedAt');
    await bad({ disclosureMethod: undefined }, 'disclosureMethod');
    await bad({ kind: 'CORRECTION' }, 'disclosureMethod');
    await bad({ disclosureMethod: null }, 'disclosureMethod'); // null is none (once a CHECK's 500)
    expect(await t.count('data_subject_requests')).toBe(before);
    // null is no value: optional items sent as null are left out (once a 500), notes too.
    const nulled = await receive({
      kind: 'CORRECTION',
      requester: { ...REQUESTER, address: null, email: null, phone: null },
      details: null,
    });
    expect(
      await codeOf(CHECK, { id: nulled.id, input: { ...CONFIRMED, note: null } }),
    ).toBeUndefined();
    const correction = await receive({ kind: 'CORRECTION' });
    const fee = {
      amount: 1000,
      method: 'POSTAL_MONEY_ORDER',
      receivedOn: TODAY,
      reference: 'MO-1',
    };
    expect(await codeOf(FEE, { id: correction.id, input: fee })).toBe('BAD_USER_INPUT');
    expect(await t.count('request_fee_payments')).toBe(0);
    // Deciding to comply before identity is confirmed; an unknown id answers like a forbidden one.
    expect(await codeOf(DECIDE, { id: correction.id, input: { outcome: 'COMPLY' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(DECIDE, { id: correction.id, input: { outcome: 'REFUSE' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await codeOf(DECIDE, {
        id: '00000000-0000-4000-8000-000000000000',
        input: { outcome: 'REFUSE', grounds: ['VIOLATES_LAWS'] },
      }),
    ).toBe('NOT_FOUND');
    expect(await t.count('request_decisions')).toBe(0);
    expect(
      await codeOf(
        RECEIVE,
        {
          input: {
            kind: 'CORRECTION',
            channel: 'MAIL',
            receivedAt: '2026-12-01T09:30:00+09:00',
            requester: REQUESTER,
          },
        },
        hr,
      ),
    ).toBe('FORBIDDEN');
  });

  it('runs a disclosure end to end: identity, a short fee pausing the clock, match, decision, execution, answer, closure', async () => {
    let r = await receive({ kind: 'DISCLOSURE', disclosureMethod: 'WRITTEN' });
    r = await ok(CHECK, { id: r.id, input: CONFIRMED });
    expect(r).toMatchObject({ status: 'RECEIVED', identityConfirmed: true });
    r = await ok(FEE, {
      id: r.id,
      input: { amount: 500, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-2' },
    });
    expect(r).toMatchObject({
      status: 'INCOMPLETE',
      missing: ['FEE'],
      feePaid: 500,
    });
    expect(r.pausedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.letters).toContain('missing-items');
    // More than is owed is not taken silently: the office records what is owed, returns the rest.
    const over = await run(FEE, {
      id: r.id,
      input: { amount: 700, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-X' },
    });
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(over.errors?.[0]?.message).toContain('500 yen still owed');
    // Paid for a request made: never dated before the request arrived.
    const early = await run(FEE, {
      id: r.id,
      input: {
        amount: 500,
        method: 'POSTAL_MONEY_ORDER',
        receivedOn: '2020-01-06',
        reference: 'MO-X',
      },
    });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(early.errors?.[0]?.message).toContain('before the request arrived');
    r = await ok(FEE, {
      id: r.id,
      input: { amount: 500, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-3' },
    });
    expect(r).toMatchObject({ status: 'IN_PROGRESS', missing: [], feePaid: 1000, pausedOn: null });
    expect(
      await codeOf(FEE, {
        id: r.id,
        input: { amount: 1, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-4' },
      }),
    ).toBe('BAD_USER_INPUT');
    // The money orders' numbers are the requester's: sealed, opened for the CPO only (a READ).
    const refs = async (token: string) =>
      (
        await run<{ feePayments: { reference: string | null }[] }>(REFERENCES, { id: r.id }, token)
      ).data!.request!.feePayments.map((p) => p.reference);
    expect(await refs(cpo)).toEqual(['MO-2', 'MO-3']);
    expect(await refs(auditor)).toEqual([null, null]);
    const stored = await t.dataSource.query<{ reference: string | null; sealed: Buffer }[]>(
      `SELECT reference, sealed_reference AS sealed FROM request_fee_payments WHERE request_id = $1`,
      [r.id],
    );
    expect(stored.map((p) => p.reference)).toEqual([null, null]);
    expect(stored.some((p) => p.sealed.includes(Buffer.from('MO-')))).toBe(false);
    expect(
      await t.ledgerRows(`action = 'READ' AND target_id = $1 AND 'feeReference' = ANY(fields)`, [
        r.id,
      ]),
    ).toHaveLength(2);
    expect(r.pauses).toHaveLength(1);
    expect(r.pauses[0]).toMatchObject({ missing: ['FEE'] });
    expect(r.pauses[0]!.resumedOn).not.toBeNull();
    // HR sees no request before it touches its categories; after the match it does, SALES never.
    expect((await run<{ edges: unknown[] }>(LIST, {}, hr)).data!.requests!.edges).toEqual([]);
    r = await ok(MATCH, { id: r.id, s: [employee.subjectId] });
    expect(r.subjectIds).toEqual([employee.subjectId]);
    expect((await ok(NOTICE, { id: r.id }, hr)).subjectIds).toEqual([employee.subjectId]);
    // HR's look is recorded with everything it read about the requester, not a sample.
    await t.sealLedger();
    const [look] = await t.ledgerRows(
      `action = 'READ' AND target_id = $1 AND actor_role = 'HR' AND details->>'view' = 'request'`,
      [r.id],
    );
    expect(look!.fields).toEqual(expect.arrayContaining(['kind', 'status', 'receivedAt', 'dueOn']));
    expect(await codeOf(GET, { id: r.id }, sales)).toBe('NOT_FOUND');
    r = await ok(DECIDE, { id: r.id, input: { outcome: 'COMPLY', note: '全項目開示' } });
    expect(r).toMatchObject({ status: 'DECIDED', decision: { outcome: 'COMPLY', grounds: [] } });
    expect(await codeOf(DECIDE, { id: r.id, input: { outcome: 'COMPLY' } })).toBe('CONFLICT');
    expect(
      await codeOf(RESPOND, { id: r.id, input: { sentOn: TODAY, method: 'SEALED_LETTER' } }),
    ).toBe('BAD_USER_INPUT');
    r = await ok(EXECUTE, { id: r.id });
    expect(r.execution).toEqual({
      persons: 1,
      records: 1,
      categoryCodes: ['EMPLOYEE'],
      measures: ['DISCLOSED'],
    });
    expect(await codeOf(EXECUTE, { id: r.id })).toBe('CONFLICT');
    await t.sealLedger();
    const reads = await t.ledgerRows(`action = 'READ' AND target_id = $1`, [employee.id]);
    expect(reads.map((e) => e.purpose_code)).toContain('DATA_SUBJECT_REQUEST');
    // Not dated before it was decided and carried out (today): an overdue answer would look on time.
    const predated = await run(RESPOND, {
      id: r.id,
      input: { sentOn: '2026-12-01', method: 'SEALED_LETTER' },
    });
    expect(predated.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('before the request was decided or carried out') as unknown,
    });
    r = await ok(RESPOND, { id: r.id, input: { sentOn: TODAY, method: 'SEALED_LETTER' } });
    expect(r.status).toBe('RESPONDED');
    r = await ok(CLOSE, { id: r.id });
    expect(r.status).toBe('CLOSED');
    // Every step, HR's look once the request touched its category, SALES's refused attempt.
    expect(await entriesOf(r.id)).toEqual([
      'REQUEST_RECEIVED',
      'IDENTITY_CHECKED',
      'FEE_RECEIVED',
      'REQUEST_INCOMPLETE',
      'FEE_RECEIVED',
      'REQUEST_IN_PROGRESS',
      // The CPO's look with the two references opened, the auditor's look.
      'READ',
      'READ',
      'READ',
      'READ',
      'SUBJECT_MATCHED',
      // HR's look at the notice, and at the employee it names (an entry in their name).
      'READ',
      'READ',
      'DENIED',
      'REQUEST_DECIDED',
      'REQUEST_EXECUTED',
      'REQUEST_RESPONDED',
      'REQUEST_CLOSED',
    ]);
    // Closing starts the requester record's retention: 3 years after closure.
    const [due] = await t.dataSource.query<{ due: Date }[]>(
      `SELECT p.retention_due_at AS due FROM personal_records p JOIN data_subject_requests r ON r.requester_record_id = p.id WHERE r.id = $1`,
      [r.id],
    );
    expect(due!.due.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 3);
    // Three years on, the sweeper disposes of the requester's record, and the texts sealed under
    // its key go with it: the references no longer open, for anyone.
    await t.dataSource.query(
      `UPDATE personal_records SET retention_due_at = now() - interval '1 day'
        WHERE id = (SELECT requester_record_id FROM data_subject_requests WHERE id = $1)`,
      [r.id],
    );
    expect((await t.app.get(RetentionService).run({ dryRun: false })).disposed).toBeGreaterThan(0);
    expect(await refs(cpo)).toEqual([null, null]);
  });

  it('refuses with reasons and keeps the fee; a refused request is not carried out', async () => {
    let r = await receive({ kind: 'PURPOSE_NOTICE' });
    r = await ok(FEE, {
      id: r.id,
      input: { amount: 1000, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-4' },
    });
    r = await ok(CHECK, { id: r.id, input: { ...CONFIRMED, result: 'NOT_CONFIRMED' } });
    expect(r).toMatchObject({ status: 'INCOMPLETE', missing: ['IDENTITY_DOCUMENT'] });
    r = await ok(DECIDE, {
      id: r.id,
      input: { outcome: 'REFUSE', grounds: ['IDENTITY_NOT_CONFIRMED'] },
    });
    expect(r).toMatchObject({
      status: 'DECIDED',
      feePaid: 1000,
      pausedOn: null,
      decision: { outcome: 'REFUSE', grounds: ['IDENTITY_NOT_CONFIRMED'] },
    });
    expect(r.letters).toContain('refusal');
    expect(await codeOf(EXECUTE, { id: r.id })).toBe('BAD_USER_INPUT');
    r = await ok(RESPOND, { id: r.id, input: { sentOn: TODAY, method: 'SEALED_LETTER' } });
    expect(r).toMatchObject({ status: 'RESPONDED', feePaid: 1000 });
  });

  it('takes an agent for a minor only with a document that proves a statutory agency', async () => {
    let r = await receive({
      kind: 'CORRECTION',
      agent: { kind: 'MINOR_STATUTORY', name: '山田 太郎' },
    });
    expect(r.agencyConfirmed).toBe(false);
    const agentCheck = { ...CONFIRMED, subject: 'AGENT', authorityDocument: 'POWER_OF_ATTORNEY' };
    expect(await codeOf(CHECK, { id: r.id, input: agentCheck })).toBe('BAD_USER_INPUT');
    r = await ok(CHECK, {
      id: r.id,
      input: { ...agentCheck, authorityDocument: 'FAMILY_REGISTER' },
    });
    expect(r).toMatchObject({
      agencyConfirmed: true,
      identityConfirmed: false,
      status: 'RECEIVED',
    });
    r = await ok(CHECK, { id: r.id, input: CONFIRMED });
    expect(r).toMatchObject({ status: 'IN_PROGRESS' });
    const parties = await run<{ agent: { name: string } }>(PARTIES, { id: r.id });
    expect(parties.data!.requestParties!.agent.name).toBe('山田 太郎');
  });

  it('suspends use: business reads refused, the request purpose still reads; the sweeper leaves held persons', async () => {
    let r = await receive({ kind: 'SUSPENSION_OR_ERASURE' });
    r = await ok(CHECK, { id: r.id, input: CONFIRMED });
    r = await ok(MATCH, { id: r.id, s: [employee.subjectId] });
    // A record past its retention is held while the request is open.
    await t.dataSource.query(
      `UPDATE personal_records SET retention_due_at = now() - interval '1 day' WHERE id = $1`,
      [employee.id],
    );
    const sweep = await t.app.get(RetentionService).run({ dryRun: false });
    expect(sweep).toMatchObject({ disposed: 0, held: 1 });
    r = await ok(DECIDE, { id: r.id, input: { outcome: 'COMPLY' } });
    r = await ok(EXECUTE, { id: r.id, input: { measure: 'SUSPEND_USE' } });
    expect(r.execution!.measures).toEqual(['USE_SUSPENDED']);
    const read = (purpose: string, token: string) =>
      t.gql(
        `query($id: ID!, $p: String!) { record(id: $id, purpose: $p) { id } }`,
        { id: employee.id, p: purpose },
        token,
      );
    const refused = await read('PERSONNEL_ADMIN', hr);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('suspended');
    expect((await read('DATA_SUBJECT_REQUEST', cpo)).errors).toBeUndefined();
    // The person withdraws the suspension: lifted by the CPO only, once, and business reads resume.
    const LIFT = `mutation($s: ID!) { liftSubjectMark(subjectId: $s, mark: USE_SUSPENDED, reason: WITHDRAWN_BY_PERSON) }`;
    expect(await codeOf(LIFT, { s: employee.subjectId }, hr)).toBe('FORBIDDEN');
    expect((await t.gql(LIFT, { s: employee.subjectId }, cpo)).errors).toBeUndefined();
    expect(await codeOf(LIFT, { s: employee.subjectId })).toBe('NOT_FOUND');
    expect((await read('PERSONNEL_ADMIN', hr)).errors).toBeUndefined();
    await t.sealLedger();
    expect(
      await t.ledgerRows(`action = 'SUBJECT_MARK_LIFTED' AND subject_id = $1`, [
        employee.subjectId,
      ]),
    ).toHaveLength(1);
    r = await ok(RESPOND, { id: r.id, input: { sentOn: TODAY, method: 'SEALED_LETTER' } });
    r = await ok(CLOSE, { id: r.id });
    expect(await t.app.get(RetentionService).run({ dryRun: false })).toMatchObject({ held: 0 });
  });

  it('lists what falls due on the command line: numbers and dates, overdue marked, nobody named', async () => {
    const built = serverBuild();
    const cli = spawnSync(
      process.execPath,
      [join(built, 'dist/apps/cli/src/main.js'), 'requests:due', '--within', '0'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: t.adminUrl,
          DAICHO_DATA_DIR: t.dataDir,
          LOG_LEVEL: 'warn',
        },
        encoding: 'utf8',
      },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    // The requests received on 2025-12-29 and 2026-12-01 are past their targets and art. 39 dates.
    expect(cli.stdout).toContain('R-2025-0001');
    expect(cli.stdout).toContain('ART39 PASSED');
    expect(cli.stdout).not.toContain('山田');
    expect(cli.stdout).not.toMatch(/CLOSED/);
    const bad = spawnSync(
      process.execPath,
      [join(built, 'dist/apps/cli/src/main.js'), 'requests:due', '--within', 'soon'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: t.adminUrl,
          DAICHO_DATA_DIR: t.dataDir,
          LOG_LEVEL: 'warn',
        },
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(65);
    expect(bad.stderr).toContain('--within');
    await t.sealLedger();
    const looks = await t.ledgerRows(
      `action = 'READ' AND target_type = 'DataSubjectRequest' AND details->>'view' = 'requests-due'`,
    );
    expect(looks.length).toBeGreaterThan(0);
    expect(looks[0]).toMatchObject({ actor_kind: 'SYSTEM' });
  }, 120_000);
});
