import { Role } from '../harness/test-app';
import { todayInJapan } from '@daicho/platform';
import { pdfToText } from '@daicho/documents';
import { provisionsFixture, RECORD_PROVISION } from '../provisions/provisions-fixture';

const FIELDS = `id status feePaid subjectIds execution { persons records categoryCodes measures }
  referrals { recipientCode hasInstruction }`;
const M = {
  receive: `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { ${FIELDS} } }`,
  check: `mutation($id: ID!, $input: RecordIdentityCheckInput!) { recordIdentityCheck(requestId: $id, input: $input) { ${FIELDS} } }`,
  fee: `mutation($id: ID!, $input: RecordFeePaymentInput!) { recordFeePayment(requestId: $id, input: $input) { ${FIELDS} } }`,
  match: `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { ${FIELDS} } }`,
  decide: `mutation($id: ID!, $input: DecideRequestInput!) { decideRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  execute: `mutation($id: ID!, $input: ExecuteRequestInput) { executeRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  route: `mutation($id: ID!, $input: RouteRequestInput!) { routeRequestToClient(requestId: $id, input: $input) { ${FIELDS} } }`,
  instruct: `mutation($id: ID!, $input: ClientInstructionInput!) { recordClientInstruction(requestId: $id, input: $input) { ${FIELDS} } }`,
  get: `query($id: ID!) { request(id: $id) { ${FIELDS} } }`,
  parties: `query($id: ID!) { requestParties(requestId: $id) { requester { name } } }`,
};
interface Req {
  id: string;
  status: string;
  feePaid: number;
  subjectIds: string[];
  execution: {
    persons: number;
    records: number;
    categoryCodes: string[];
    measures: string[];
  } | null;
  referrals: { recipientCode: string; hasInstruction: boolean }[];
}
/** Today as the server counts days: in Japan (after 15:00 UTC it is already tomorrow there). */
const TODAY = todayInJapan();
const CONFIRMED = {
  subject: 'REQUESTER',
  documentType: 'DRIVERS_LICENSE',
  domicileBlackedOut: true,
  result: 'CONFIRMED',
};
const FEE = { amount: 1000, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-9' };

/**
 * Each kind of request carried out against real holdings and hand-offs, the server running as
 * daicho_app (only the grants the migrations give it): stop of provision, provision records,
 * correction, erasure, a client's entrusted data; ids as access decisions; parallel steps.
 */
describe('requests from the person: each kind against the holdings and hand-offs', () => {
  const f = provisionsFixture();
  const run = (query: string, variables: Record<string, unknown>, role = Role.CPO) =>
    f.gql<Record<string, Req>>(role, query, variables);
  const ok = async (query: string, variables: Record<string, unknown>, role = Role.CPO) => {
    const answer = await run(query, variables, role);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0];
  };
  const codeOf = async (query: string, variables: Record<string, unknown>, role = Role.CPO) =>
    (await run(query, variables, role)).errors?.[0]?.extensions?.code;
  /** A request received, checked, paid when it has a fee, and matched to `subjectId`. */
  const ready = async (kind: string, subjectId: string, extra: Record<string, unknown> = {}) => {
    let r = await ok(M.receive, {
      input: {
        kind,
        channel: 'MAIL',
        receivedAt: '2026-12-01T10:00:00+09:00',
        requester: { name: '社員 本人', address: '東京都港区1-1-1' },
        ...extra,
      },
    });
    r = await ok(M.check, { id: r!.id, input: CONFIRMED });
    if (['PURPOSE_NOTICE', 'DISCLOSURE', 'PROVISION_RECORDS'].includes(kind))
      r = await ok(M.fee, { id: r!.id, input: FEE });
    return ok(M.match, { id: r!.id, s: [subjectId] });
  };
  const comply = async (id: string, input?: Record<string, unknown>) => {
    await ok(M.decide, { id, input: { outcome: 'COMPLY' } });
    return ok(M.execute, { id, input });
  };
  const entries = async (where: string, params: unknown[]) => {
    await f.t.sealLedger();
    return f.t.ledgerRows(where, params);
  };

  it('stops provision: the person’s next hand-off is refused, another’s still goes', async () => {
    const [stopped, other] = f.employees as [string, string];
    const r = await comply((await ready('STOP_PROVISION', stopped))!.id);
    expect(r!.execution!.measures).toEqual(['PROVISION_STOPPED']);
    expect(
      await entries(`action = 'PROVISION_STOPPED' AND subject_id = $1`, [stopped]),
    ).toHaveLength(1);
    const before = await f.counts();
    const refused = await f.gql(Role.HR, RECORD_PROVISION, f.badge([stopped]));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('art. 35(3)');
    const after = await f.counts();
    expect({ ...after, entries: 0 }).toEqual({ ...before, entries: 0 });
    expect(await entries(`action = 'DENIED' AND subject_id = $1`, [stopped])).toHaveLength(1);
    expect((await f.gql(Role.HR, RECORD_PROVISION, f.badge([other]))).errors).toBeUndefined();
  });

  it('discloses the person’s provision records (APPI art. 33(5))', async () => {
    const subject = f.employees[2];
    expect((await f.gql(Role.HR, RECORD_PROVISION, f.badge([subject]))).errors).toBeUndefined();
    const r = await comply((await ready('PROVISION_RECORDS', subject!))!.id);
    expect(r!.execution).toMatchObject({
      persons: 1,
      records: 1,
      measures: ['PROVISION_RECORDS_DISCLOSED'],
    });
    const reads = await entries(
      `action = 'READ' AND target_type = 'ProvisionRecords' AND subject_id = $1`,
      [subject],
    );
    expect(reads).toHaveLength(1);
  });

  it('leaves out of provision records the categories and items a PARTIAL decision holds back', async () => {
    const subject = f.employees[2]!; // one badge hand-off, from the test above
    const partial = async (withheld: Record<string, unknown>) => {
      const r = await ready('PROVISION_RECORDS', subject);
      await ok(M.decide, {
        id: r!.id,
        input: { outcome: 'PARTIAL', grounds: ['SERIOUS_BUSINESS_IMPEDIMENT'], withheld },
      });
      return ok(M.execute, { id: r!.id });
    };
    const whole = await partial({ categoryCodes: ['EMPLOYEE'] });
    expect(whole!.execution).toMatchObject({ records: 0, categoryCodes: [] });
    const face = await partial({ items: [{ categoryCode: 'EMPLOYEE', itemKey: 'faceImage' }] });
    expect(face!.execution).toMatchObject({ records: 1 });
    const letter = await f.t.download(
      `/requests/${face!.id}/letters/response.pdf?lang=en`,
      f.as(Role.CPO),
    );
    const text = (await pdfToText(letter.body)).replace(/\s+/g, ' ');
    expect(text).toContain('Qualifications'); // an item of the hand-off still answered
    // Named once, as the part held back; not among the hand-off's items.
    expect(text.match(/Face image/g)).toHaveLength(1);
    expect(text).toContain('Employees: Face image');
  });

  it('corrects the items asked for, only on the person’s own records, naming the request', async () => {
    const subject = f.employees[3];
    const [record] = await f.t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM personal_records WHERE subject_id = $1`,
      [subject],
    );
    const [stranger] = await f.t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM personal_records WHERE subject_id = $1`,
      [f.employees[0]],
    );
    const r = await ready('CORRECTION', subject!);
    await ok(M.decide, { id: r!.id, input: { outcome: 'COMPLY' } });
    const wrong = {
      corrections: [{ recordId: stranger!.id, values: [{ key: 'position', value: 'Manager' }] }],
    };
    expect(await codeOf(M.execute, { id: r!.id, input: wrong })).toBe('BAD_USER_INPUT');
    expect(await codeOf(M.execute, { id: r!.id })).toBe('BAD_USER_INPUT');
    const done = await ok(M.execute, {
      id: r!.id,
      input: {
        corrections: [{ recordId: record!.id, values: [{ key: 'position', value: 'Manager' }] }],
      },
    });
    expect(done!.execution).toMatchObject({ records: 1, measures: ['CORRECTED'] });
    const read = await f.gql<{ record: { values: { key: string; value: string }[] } }>(
      Role.CPO,
      `query($id: ID!) { record(id: $id, purpose: "DATA_SUBJECT_REQUEST") { values { key value } } }`,
      { id: record!.id },
    );
    expect(read.data!.record.values).toContainEqual({ key: 'position', value: 'Manager' });
    const [update] = await entries(`action = 'UPDATE' AND target_id = $1`, [record!.id]);
    expect(update).toMatchObject({ fields: ['position'], details: { request: r!.id } });
    // The other person's record is untouched.
    expect(await entries(`action = 'UPDATE' AND target_id = $1`, [stranger!.id])).toHaveLength(0);
    // The response letter names the corrected record and items: a look in the person's name.
    const letter = await f.t.http
      .get(`/requests/${r!.id}/letters/response.pdf`)
      .set('authorization', `Bearer ${f.as(Role.AUDITOR)}`);
    expect(letter.status).toBe(200);
    const looks = await entries(
      `action = 'READ' AND target_id = $1 AND details->>'view' = 'corrections'`,
      [record!.id],
    );
    expect(looks).toEqual([
      expect.objectContaining({
        subject_id: subject,
        actor_role: 'AUDITOR',
        purpose_code: 'DATA_SUBJECT_REQUEST',
        fields: ['position'],
        details: { request: r!.id, copy: 'AUDIT', view: 'corrections' },
      }),
    ]);
  });

  it('erases the person by crypto-shredding; a second execution is a CONFLICT', async () => {
    const subject = f.applicant;
    const r = await ready('SUSPENSION_OR_ERASURE', subject);
    await ok(M.decide, { id: r!.id, input: { outcome: 'COMPLY' } });
    const done = await ok(M.execute, { id: r!.id, input: { measure: 'ERASE' } });
    expect(done!.execution!.measures).toEqual(['ERASED']);
    const [subjectRow] = await f.t.dataSource.query<{ erased_at: Date | null }[]>(
      `SELECT erased_at FROM data_subjects WHERE id = $1`,
      [subject],
    );
    expect(subjectRow!.erased_at).not.toBeNull();
    expect(await entries(`action = 'ERASE' AND subject_id = $1`, [subject])).toHaveLength(1);
    expect(await codeOf(M.execute, { id: r!.id, input: { measure: 'ERASE' } })).toBe('CONFLICT');
  });

  it("refers a client's entrusted data to the client and records its instruction, sealed", async () => {
    const support = (await f.t.loginAs(Role.SUPPORT)).token;
    const created = await f.t.gql<{ createRecord: { subjectId: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }`,
      {
        input: {
          categoryCode: 'ENTRUSTED_SYSDEV',
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'client test data',
          consentRef: 'client contract',
          values: [{ key: 'name', value: '委託 太郎' }],
        },
      },
      support,
    );
    expect(created.errors).toBeUndefined();
    const subject = created.data!.createRecord.subjectId;
    const client = await f.gql(
      Role.CPO,
      `mutation($input: CreateRecipientInput!) { createRecipient(input: $input) { code } }`,
      {
        input: {
          code: 'CLIENT_SYSDEV',
          name: { ja: 'システム開発の委託元', en: 'System development client' },
          kind: 'CLIENT',
          recipientType: { ja: '委託元', en: 'Client' },
          provisionRule: { ja: '委託元の指示に従う', en: 'As the client instructs' },
        },
      },
    );
    expect(client.errors).toBeUndefined();
    // A request about the company's own data only is not referred to a client.
    const own = await ready('DISCLOSURE', f.employees[1]!, { disclosureMethod: 'WRITTEN' });
    expect(
      await codeOf(M.route, {
        id: own!.id,
        input: { recipientCode: 'CLIENT_SYSDEV', sentOn: TODAY },
      }),
    ).toBe('BAD_USER_INPUT');
    const r = await ready('DISCLOSURE', subject, { disclosureMethod: 'WRITTEN' });
    await ok(M.route, { id: r!.id, input: { recipientCode: 'CLIENT_SYSDEV', sentOn: TODAY } });
    const instruction = '委託元より：開示せず委託元から本人へ回答する';
    const routed = await ok(M.instruct, { id: r!.id, input: { receivedOn: TODAY, instruction } });
    expect(routed!.referrals).toEqual([{ recipientCode: 'CLIENT_SYSDEV', hasInstruction: true }]);
    const [row] = await f.t.dataSource.query<{ sealed_instruction: Buffer }[]>(
      `SELECT sealed_instruction FROM request_referrals WHERE request_id = $1`,
      [r!.id],
    );
    expect(row!.sealed_instruction.includes(Buffer.from('委託元', 'utf8'))).toBe(false);
    const actions = (await entries(`target_id = $1`, [r!.id])).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['REQUEST_REFERRED', 'CLIENT_INSTRUCTION']));
    // Only the company's retained data is answered: the entrusted category is not disclosed.
    const done = await comply(r!.id);
    expect(done!.execution).toMatchObject({ persons: 1, records: 0, categoryCodes: [] });
  });

  it('treats every id as an access decision', async () => {
    const r = await ok(M.receive, {
      input: {
        kind: 'CORRECTION',
        channel: 'MAIL',
        receivedAt: '2026-12-01T10:00:00+09:00',
        requester: { name: '本人' },
      },
    });
    expect(await codeOf(M.decide, { id: r!.id, input: { outcome: 'COMPLY' } }, Role.HR)).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf(M.check, { id: '4b7f8c8e-1f5e-4d7c-9a55-2f0c5c1e9e11', input: CONFIRMED }),
    ).toBe('NOT_FOUND');
    expect(await codeOf(M.get, { id: r!.id }, Role.SALES)).toBe('NOT_FOUND');
    expect((await ok(M.get, { id: r!.id }, Role.AUDITOR))!.id).toBe(r!.id);
    expect(await codeOf(M.parties, { id: r!.id }, Role.AUDITOR)).toBe('FORBIDDEN');
  });

  it('serialises parallel steps on the request row: 20 fees (no overpayment), 20 decisions', async () => {
    const r = await ok(M.receive, {
      input: {
        kind: 'PURPOSE_NOTICE',
        channel: 'MAIL',
        receivedAt: '2026-12-01T10:00:00+09:00',
        requester: { name: '本人' },
      },
    });
    const fees = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run(M.fee, { id: r!.id, input: { ...FEE, amount: 100, reference: `MO-${i}` } }),
      ),
    );
    // The fee is 1,000 yen: ten payments of 100 are taken, the ten after are refused (counted
    // under the request's lock, so no race lets an overpayment through).
    const feeCodes = fees.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
    expect(feeCodes.filter((c) => c === 'OK')).toHaveLength(10);
    expect(feeCodes.filter((c) => c === 'BAD_USER_INPUT')).toHaveLength(10);
    expect((await ok(M.get, { id: r!.id }))!.feePaid).toBe(1000);
    const [{ n } = { n: 0 }] = await f.t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM request_fee_payments WHERE request_id = $1`,
      [r!.id],
    );
    expect(n).toBe(10);
    await ok(M.check, { id: r!.id, input: CONFIRMED });
    const decisions = await Promise.all(
      Array.from({ length: 20 }, () => run(M.decide, { id: r!.id, input: { outcome: 'COMPLY' } })),
    );
    const codes = decisions.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(19);
  });

  it('closes consent-route hand-offs and entrustments once use is suspended (art. 35(1))', async () => {
    const subject = f.employees[1]!; // consented to the badge rule; its hand-offs went so far
    const r = await ready('SUSPENSION_OR_ERASURE', subject);
    await ok(M.decide, { id: r!.id, input: { outcome: 'COMPLY', measure: 'SUSPEND_USE' } });
    expect((await ok(M.execute, { id: r!.id }))!.execution!.measures).toEqual(['USE_SUSPENDED']);
    const contract = await f.gql<{ createEntrustmentContract: { id: string } }>(
      Role.CPO,
      `mutation($input: CreateEntrustmentContractInput!) { createEntrustmentContract(input: $input) { id } }`,
      {
        input: {
          contractorId: f.contractor,
          title: 'Payroll processing',
          scope: [{ categoryCode: 'EMPLOYEE', items: ['name', 'bankAccount'] }],
          confidentialityClause: 'Art. 12: confidentiality',
          securityClause: 'Art. 13: access control and encryption',
          startsOn: '2025-01-01',
          endsOn: '2027-12-31',
          endHandling: 'DELETION',
          reviewIntervalMonths: 12,
        },
      },
    );
    expect(contract.errors).toBeUndefined();
    const entrust = (subjectIds: string[]) =>
      f.gql(
        Role.HR,
        `mutation($input: RecordEntrustmentInput!) { recordEntrustment(input: $input) { id } }`,
        {
          input: {
            contractId: contract.data!.createEntrustmentContract.id,
            categoryCode: 'EMPLOYEE',
            items: ['name'],
            subjectIds,
            handedOn: TODAY,
            method: 'SYSTEM_TRANSFER',
          },
        },
      );
    const before = await f.counts();
    const provided = await f.gql(Role.HR, RECORD_PROVISION, f.badge([f.employees[2], subject]));
    expect(provided.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(provided.errors?.[0]?.message).toContain('handOff.subjectIds[1]');
    expect(provided.errors?.[0]?.message).toContain('art. 35(1)');
    const entrusted = await entrust([subject]);
    expect(entrusted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(entrusted.errors?.[0]?.message).toContain('art. 35(1)');
    expect({ ...(await f.counts()), entries: 0 }).toEqual({ ...before, entries: 0 });
    const denied = await entries(`action = 'DENIED' AND subject_id = $1`, [subject]);
    expect(denied.map((e) => (e.details as { reason: string }).reason)).toEqual([
      'USE_SUSPENDED',
      'USE_SUSPENDED',
    ]);
    // Someone else's still go.
    expect((await entrust([f.employees[2]!])).errors).toBeUndefined();
  });
});
