import { pdfToText } from '@daicho/documents';
import { randomUUID } from 'node:crypto';
import { Role } from '../harness/test-app';
import { provisionsFixture, RECORD_PROVISION, TODAY } from '../provisions/provisions-fixture';

const FIELDS = `id status feePaid subjectIds decision { outcome }
  execution { persons records categoryCodes measures } referrals { recipientCode hasInstruction }`;
const M = {
  receive: `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { ${FIELDS} } }`,
  check: `mutation($id: ID!, $input: RecordIdentityCheckInput!) { recordIdentityCheck(requestId: $id, input: $input) { ${FIELDS} } }`,
  fee: `mutation($id: ID!, $input: RecordFeePaymentInput!) { recordFeePayment(requestId: $id, input: $input) { ${FIELDS} } }`,
  match: `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { ${FIELDS} } }`,
  route: `mutation($id: ID!, $input: RouteRequestInput!) { routeRequestToClient(requestId: $id, input: $input) { ${FIELDS} } }`,
  instruct: `mutation($id: ID!, $input: ClientInstructionInput!) { recordClientInstruction(requestId: $id, input: $input) { ${FIELDS} } }`,
  decide: `mutation($id: ID!, $input: DecideRequestInput!) { decideRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  execute: `mutation($id: ID!, $input: ExecuteRequestInput) { executeRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  respond: `mutation($id: ID!, $input: RespondToRequestInput!) { respondToRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  close: `mutation($id: ID!) { closeRequest(requestId: $id) { ${FIELDS} } }`,
  get: `query($id: ID!) { request(id: $id) { ${FIELDS} } }`,
  parties: `query($id: ID!) { requestParties(requestId: $id) { requester { name } } }`,
  find: `query($name: String, $phone: String) { findSubjects(name: $name, phone: $phone, first: 100) { edges { node { id records { id categoryCode } } } } }`,
  read: `query($id: ID!) { record(id: $id, purpose: "DATA_SUBJECT_REQUEST") { values { key value } } }`,
  create: `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`,
};
interface Req {
  id: string;
  status: string;
  feePaid: number;
  subjectIds: string[];
  decision: { outcome: string } | null;
  execution: { persons: number; records: number; categoryCodes: string[]; measures: string[] };
  referrals: { recipientCode: string; hasInstruction: boolean }[];
}
interface Found {
  id: string;
  records: { id: string; categoryCode: string }[];
}
interface Person {
  name: string;
  phone?: string;
}
const CONFIRMED = {
  subject: 'REQUESTER',
  documentType: 'DRIVERS_LICENSE',
  domicileBlackedOut: true,
  result: 'CONFIRMED',
};
const FEE = { amount: 1000, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-1' };
const FEE_KINDS = ['PURPOSE_NOTICE', 'DISCLOSURE', 'PROVISION_RECORDS'];
/** The only recipient company-references.ts seeds (a client's system company, THIRD_PARTY). */
/** The client whose data the company develops with (a catalog recipient of kind CLIENT). */
const CLIENT = 'CLIENT_SYSDEV_WORKS';

/**
 * Each kind of request driven as an operator would, from arrival to closure, against the
 * provision fixture's holdings and hand-offs (the server runs as a member of daicho_app).
 */
describe('requests from the person, end to end against holdings and hand-offs', () => {
  const f = provisionsFixture();
  let support: string;
  beforeAll(async () => {
    support = (await f.t.loginAs(Role.SUPPORT)).token;
    const client = await f.gql(
      Role.CPO,
      `mutation($input: CreateRecipientInput!) { createRecipient(input: $input) { code } }`,
      {
        input: {
          code: CLIENT,
          name: { ja: 'システム開発の委託元', en: 'System development client' },
          kind: 'CLIENT',
          recipientType: { ja: '委託元', en: 'Client' },
          provisionRule: { ja: '委託元の指示に従う', en: 'As the client instructs' },
        },
      },
    );
    expect(client.errors).toBeUndefined();
  });

  const run = (query: string, variables: Record<string, unknown>, role = Role.CPO) =>
    f.gql<Record<string, Req>>(role, query, variables);
  const ok = async (query: string, variables: Record<string, unknown>, role = Role.CPO) => {
    const answer = await run(query, variables, role);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data ?? {})[0];
  };
  const codeOf = async (query: string, variables: Record<string, unknown>, role = Role.CPO) =>
    (await run(query, variables, role)).errors?.[0]?.extensions?.code;
  const entries = async (where: string, params: unknown[] = []) => {
    await f.t.sealLedger();
    return f.t.ledgerRows(where, params);
  };
  const rowCount = async (table: string, requestId: string) => {
    const [row] = await f.t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${table} WHERE request_id = $1`,
      [requestId],
    );
    return row?.n;
  };
  /** The CPO looks the person up (blind index) and keeps whoever is held beyond a request. */
  const findPerson = async (person: Person): Promise<Found> => {
    const answer = await f.gql<{ findSubjects: { edges: { node: Found }[] } }>(Role.CPO, M.find, {
      ...person,
    });
    expect(answer.errors).toBeUndefined();
    const held = (answer.data?.findSubjects.edges.map((e) => e.node) ?? []).filter((s) =>
      s.records.some((r) => r.categoryCode !== 'REQUESTER'),
    );
    expect(held).toHaveLength(1);
    return held[0]!;
  };
  /** Received, identity confirmed, paid when the kind has a fee, matched to the person found. */
  const open = async (kind: string, person: Person, extra: Record<string, unknown> = {}) => {
    let r = await ok(M.receive, {
      input: {
        kind,
        channel: 'MAIL',
        receivedAt: '2026-12-01T10:00:00+09:00',
        requester: { name: person.name, address: '東京都港区芝公園2-2-2' },
        ...extra,
      },
    });
    expect(r!.status).toBe('RECEIVED');
    r = await ok(M.check, { id: r!.id, input: CONFIRMED });
    if (FEE_KINDS.includes(kind)) {
      expect(r!.status).toBe('RECEIVED');
      r = await ok(M.fee, { id: r!.id, input: FEE });
      expect(r!.feePaid).toBe(1000);
    }
    expect(r!.status).toBe('IN_PROGRESS');
    const subject = await findPerson(person);
    r = await ok(M.match, { id: r!.id, s: [subject.id] });
    expect(r!.subjectIds).toEqual([subject.id]);
    return { r, subject };
  };
  const decide = async (id: string) => {
    const r = await ok(M.decide, { id, input: { outcome: 'COMPLY' } });
    expect(r).toMatchObject({ status: 'DECIDED', decision: { outcome: 'COMPLY' } });
  };
  /** Answers and closes; the request's own entries are exactly these steps, in order. */
  const finish = async (id: string, kind: string, middle: string[] = []) => {
    expect(
      (await ok(M.respond, { id, input: { sentOn: TODAY, method: 'SEALED_LETTER' } }))!.status,
    ).toBe('RESPONDED');
    expect((await ok(M.close, { id }))!.status).toBe('CLOSED');
    const steps = await entries(`target_type = 'DataSubjectRequest' AND target_id = $1`, [id]);
    expect(steps.map((e) => e.action)).toEqual([
      'REQUEST_RECEIVED',
      'IDENTITY_CHECKED',
      ...(FEE_KINDS.includes(kind) ? ['FEE_RECEIVED'] : []),
      'REQUEST_IN_PROGRESS',
      'SUBJECT_MATCHED',
      ...middle,
      'REQUEST_DECIDED',
      'REQUEST_EXECUTED',
      'REQUEST_RESPONDED',
      'REQUEST_CLOSED',
    ]);
  };
  const valuesOf = async (recordId: string) => {
    const read = await f.gql<{ record: { values: { key: string; value: string }[] } }>(
      Role.CPO,
      M.read,
      { id: recordId },
    );
    expect(read.errors).toBeUndefined();
    return read.data?.record.values;
  };

  it('stops provision: the person’s next hand-off is refused, writing nothing; another’s goes', async () => {
    const { r, subject } = await open('STOP_PROVISION', { name: '社員 1', phone: '03-1234-0001' });
    expect(subject.id).toBe(f.employees[0]);
    await decide(r!.id);
    const done = await ok(M.execute, { id: r!.id });
    expect(done!.execution).toEqual({
      persons: 1,
      records: 1,
      categoryCodes: ['EMPLOYEE'],
      measures: ['PROVISION_STOPPED'],
    });
    const stops = await entries(`action = 'PROVISION_STOPPED' AND subject_id = $1`, [subject.id]);
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ target_id: subject.id, details: { request: r!.id } });
    const before = await f.counts();
    const refused = await f.gql(Role.HR, RECORD_PROVISION, f.badge([subject.id]));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await f.counts()).toEqual(before);
    const denied = await entries(`action = 'DENIED' AND subject_id = $1`, [subject.id]);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ details: { reason: 'PROVISION_STOPPED' } });
    const other = await f.gql(Role.HR, RECORD_PROVISION, f.badge([f.employees[1]]));
    expect(other.errors).toBeUndefined();
    expect(await f.t.count('provisions')).toBe(before.provisions! + 1);
    await finish(r!.id, 'STOP_PROVISION');
  });

  it('discloses the records of the person’s provision (art. 33(5))', async () => {
    const handOff = await f.gql(Role.HR, RECORD_PROVISION, f.badge([f.employees[2]]));
    expect(handOff.errors).toBeUndefined();
    const { r, subject } = await open('PROVISION_RECORDS', {
      name: '社員 3',
      phone: '03-1234-0003',
    });
    expect(subject.id).toBe(f.employees[2]);
    await decide(r!.id);
    const done = await ok(M.execute, { id: r!.id });
    expect(done!.execution).toEqual({
      persons: 1,
      records: 1,
      categoryCodes: ['EMPLOYEE'],
      measures: ['PROVISION_RECORDS_DISCLOSED'],
    });
    const reads = await entries(
      `action = 'READ' AND target_type = 'ProvisionRecords' AND subject_id = $1`,
      [subject.id],
    );
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      purpose_code: 'DATA_SUBJECT_REQUEST',
      details: { provisions: 1, receipts: 0 },
    });
    // The auditor checks the answer: its copy of the response letter lists the provision.
    const auditCopy = await f.t.http
      .get(`/requests/${r!.id}/letters/response.pdf`)
      .set('authorization', `Bearer ${f.as(Role.AUDITOR)}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(auditCopy.status).toBe(200);
    const letter = await pdfToText(auditCopy.body as Buffer);
    expect(letter).toContain('監査用写し');
    expect(letter).toContain('株式会社サンプルシステムズ');
    // HR, which sees only its own provisions, still may not read a person's provision records.
    const asHr = await f.gql(
      Role.HR,
      `query($s: ID!) { provisionRecordsForSubject(subjectId: $s) { provisions { id } } }`,
      { s: subject.id },
    );
    expect(asHr.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await finish(r!.id, 'PROVISION_RECORDS');
  });

  it('corrects the person’s own record only, naming the request', async () => {
    const { r, subject } = await open('CORRECTION', { name: '社員 4', phone: '03-1234-0004' });
    expect(subject.id).toBe(f.employees[3]);
    const [record] = subject.records;
    const stranger = await findPerson({ name: '社員 2', phone: '03-1234-0002' });
    const strangerRecord = stranger.records[0]!.id;
    await decide(r!.id);
    const position = (recordId: string) => [
      { recordId, values: [{ key: 'position', value: 'Manager' }] },
    ];
    expect(
      await codeOf(M.execute, { id: r!.id, input: { corrections: position(strangerRecord) } }),
    ).toBe('BAD_USER_INPUT');
    expect(await valuesOf(strangerRecord)).toContainEqual({ key: 'position', value: 'Engineer' });
    expect(await entries(`action = 'UPDATE' AND target_id = $1`, [strangerRecord])).toEqual([]);
    expect(await rowCount('request_executions', r!.id)).toBe(0);
    const [{ status }] = await f.t.dataSource.query<[{ status: string }]>(
      `SELECT status FROM data_subject_requests WHERE id = $1`,
      [r!.id],
    );
    expect(status).toBe('DECIDED');
    const done = await ok(M.execute, { id: r!.id, input: { corrections: position(record!.id) } });
    expect(done!.execution).toMatchObject({ persons: 1, records: 1, measures: ['CORRECTED'] });
    expect(await valuesOf(record!.id)).toContainEqual({ key: 'position', value: 'Manager' });
    const updates = await entries(`action = 'UPDATE' AND target_id = $1`, [record!.id]);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      subject_id: subject.id,
      fields: ['position'],
      details: { request: r!.id },
    });
    await finish(r!.id, 'CORRECTION');
  });

  it('erases the person by crypto-shredding; a second execution is a CONFLICT', async () => {
    const { r, subject } = await open('SUSPENSION_OR_ERASURE', { name: '応募 者' });
    expect(subject.id).toBe(f.applicant);
    await decide(r!.id);
    const done = await ok(M.execute, { id: r!.id, input: { measure: 'ERASE' } });
    expect(done!.execution).toMatchObject({ persons: 1, measures: ['ERASED'] });
    const read = await f.gql(Role.CPO, M.read, { id: subject.records[0]!.id });
    expect(read.errors?.[0]?.extensions?.code).toBe('SUBJECT_ERASED');
    expect(await entries(`action = 'ERASE' AND subject_id = $1`, [subject.id])).toHaveLength(1);
    expect(await codeOf(M.execute, { id: r!.id, input: { measure: 'ERASE' } })).toBe('CONFLICT');
    expect(await rowCount('request_executions', r!.id)).toBe(1);
    await finish(r!.id, 'SUSPENSION_OR_ERASURE');
  });

  it("refers a client's entrusted data to the client, its instruction sealed; answers only retained data", async () => {
    const person = { name: '委託 太郎', phone: '090-1111-2222' };
    const entrusted = await f.t.gql<{ createRecord: { id: string; subjectId: string } }>(
      M.create,
      {
        input: {
          categoryCode: 'ENTRUSTED_SYSDEV',
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'client test data',
          values: [
            { key: 'name', value: person.name },
            { key: 'phone', value: person.phone },
          ],
        },
      },
      support,
    );
    expect(entrusted.errors).toBeUndefined();
    const subjectId = entrusted.data?.createRecord.subjectId;
    const { r, subject } = await open('DISCLOSURE', person, { disclosureMethod: 'WRITTEN' });
    expect(subject.id).toBe(subjectId);
    expect(
      await codeOf(M.route, { id: r!.id, input: { recipientCode: CLIENT, sentOn: '2020-01-06' } }),
    ).toBe('BAD_USER_INPUT'); // referred before it arrived
    await ok(M.route, { id: r!.id, input: { recipientCode: CLIENT, sentOn: TODAY } });
    const instruction = '委託元指示：委託データは開示せず、委託元から本人へ直接回答する';
    const routed = await ok(M.instruct, { id: r!.id, input: { receivedOn: TODAY, instruction } });
    expect(routed!.referrals).toEqual([{ recipientCode: CLIENT, hasInstruction: true }]);
    expect((await ok(M.get, { id: r!.id }))!.referrals).toEqual(routed!.referrals);
    const rows = await f.t.dataSource.query<{ sealed_instruction: Buffer; text: string }[]>(
      `SELECT sealed_instruction, x::text AS text FROM request_referrals x WHERE request_id = $1`,
      [r!.id],
    );
    expect(rows).toHaveLength(1);
    expect(Buffer.isBuffer(rows[0]!.sealed_instruction)).toBe(true);
    expect(rows[0]!.sealed_instruction.includes(Buffer.from(instruction, 'utf8'))).toBe(false);
    expect(rows[0]!.sealed_instruction.includes(Buffer.from('委託元指示', 'utf8'))).toBe(false);
    expect(rows[0]!.text).not.toContain('委託元指示');
    expect(await entries(`details::text LIKE $1`, ['%委託元指示%'])).toEqual([]);
    await decide(r!.id);
    const done = await ok(M.execute, { id: r!.id });
    // Only the company's retained data is answered: the entrusted category is not disclosed.
    expect(done!.execution).toEqual({
      persons: 1,
      records: 0,
      categoryCodes: [],
      measures: ['DISCLOSED'],
    });
    const entrustedId = entrusted.data?.createRecord.id;
    expect(await entries(`action = 'READ' AND target_id = $1`, [entrustedId])).toEqual([]);
    await finish(r!.id, 'DISCLOSURE', ['REQUEST_REFERRED', 'CLIENT_INSTRUCTION', 'READ']);
  });

  it('treats every id argument as an access decision', async () => {
    const r = await ok(M.receive, {
      input: {
        kind: 'CORRECTION',
        channel: 'MAIL',
        receivedAt: '2026-12-01T10:00:00+09:00',
        requester: { name: '本人 確認' },
      },
    });
    await ok(M.check, { id: r!.id, input: CONFIRMED });
    const decisions = await f.t.count('request_decisions');
    expect(await codeOf(M.decide, { id: r!.id, input: { outcome: 'COMPLY' } }, Role.HR)).toBe(
      'FORBIDDEN',
    );
    const unknown = randomUUID();
    expect(await codeOf(M.decide, { id: unknown, input: { outcome: 'COMPLY' } })).toBe('NOT_FOUND');
    expect(await entries(`action = 'DENIED' AND target_id = $1`, [unknown])).toHaveLength(1);
    expect(await f.t.count('request_decisions')).toBe(decisions);
    const seen = await ok(M.get, { id: r!.id }, Role.AUDITOR);
    expect(seen).toMatchObject({ id: r!.id, status: 'IN_PROGRESS', decision: null });
    expect(await codeOf(M.parties, { id: r!.id }, Role.AUDITOR)).toBe('FORBIDDEN');
  });

  it('serialises parallel steps on the request row: 20 fees, then 20 decisions', async () => {
    const r = await ok(M.receive, {
      input: {
        kind: 'PURPOSE_NOTICE',
        channel: 'MAIL',
        receivedAt: '2026-12-01T10:00:00+09:00',
        requester: { name: '並列 太郎' },
      },
    });
    const fees = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run(M.fee, { id: r!.id, input: { ...FEE, amount: 50, reference: `MO-P${i}` } }),
      ),
    );
    expect(fees.flatMap((a) => a.errors ?? [])).toEqual([]);
    expect((await ok(M.get, { id: r!.id }))!.feePaid).toBe(1000);
    expect(await rowCount('request_fee_payments', r!.id)).toBe(20);
    expect((await ok(M.check, { id: r!.id, input: CONFIRMED }))!.status).toBe('IN_PROGRESS');
    const decisions = await Promise.all(
      Array.from({ length: 20 }, () => run(M.decide, { id: r!.id, input: { outcome: 'COMPLY' } })),
    );
    const codes = decisions.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(19);
    expect(await rowCount('request_decisions', r!.id)).toBe(1);
    const done = await ok(M.execute, { id: r!.id, input: { noneHeld: true } });
    expect(done!.execution).toMatchObject({ persons: 0, measures: ['NONE_HELD'] });
    await ok(M.respond, { id: r!.id, input: { sentOn: TODAY, method: 'SEALED_LETTER' } });
    expect((await ok(M.close, { id: r!.id }))!.status).toBe('CLOSED');
  });
});
