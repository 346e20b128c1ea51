import { ErasureJournal, ErasureReplay } from '@daicho/holdings';
import { Role } from '../harness/test-app';
import { provisionsFixture, TODAY } from '../provisions/provisions-fixture';

const FIELDS = `id status subjectIds execution { persons records categoryCodes measures }`;
const M = {
  receive: `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { ${FIELDS} } }`,
  check: `mutation($id: ID!, $input: RecordIdentityCheckInput!) { recordIdentityCheck(requestId: $id, input: $input) { ${FIELDS} } }`,
  fee: `mutation($id: ID!, $input: RecordFeePaymentInput!) { recordFeePayment(requestId: $id, input: $input) { ${FIELDS} } }`,
  match: `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { ${FIELDS} } }`,
  decide: `mutation($id: ID!, $input: DecideRequestInput!) { decideRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  execute: `mutation($id: ID!, $input: ExecuteRequestInput) { executeRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
};
interface Req {
  id: string;
  status: string;
  subjectIds: string[];
  execution: {
    persons: number;
    records: number;
    categoryCodes: string[];
    measures: string[];
  } | null;
}
const CONFIRMED = {
  subject: 'REQUESTER',
  documentType: 'DRIVERS_LICENSE',
  domicileBlackedOut: true,
  result: 'CONFIRMED',
};

/**
 * Carrying out a request, where review found holes: nobody matched is an answer only when said
 * so; one measure per request even when calls race; an erasure leaves a client's entrusted
 * data to the client. The server runs as daicho_app.
 */
describe('requests from the person: carrying them out', () => {
  const f = provisionsFixture();
  const run = (query: string, variables: Record<string, unknown>) =>
    f.gql<Record<string, Req>>(Role.CPO, query, variables);
  const ok = async (query: string, variables: Record<string, unknown>) => {
    const answer = await run(query, variables);
    if (answer.errors)
      console.log(
        f.t.logs
          .split('\n')
          .filter((l) => /error/i.test(l))
          .slice(-5)
          .join('\n'),
      );
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0];
  };
  const errorOf = async (query: string, variables: Record<string, unknown>) =>
    (await run(query, variables)).errors?.[0];
  /** Received, identity confirmed, fee paid when it has one, matched to `subjectIds`, decided COMPLY. */
  const decided = async (
    kind: string,
    subjectIds: string[],
    extra: Record<string, unknown> = {},
  ) => {
    let r = await ok(M.receive, {
      input: {
        kind,
        channel: 'MAIL',
        receivedAt: '2026-12-01T10:00:00+09:00',
        requester: { name: '本人 確認', address: '東京都港区1-1-1' },
        ...extra,
      },
    });
    r = await ok(M.check, { id: r!.id, input: CONFIRMED });
    if (['PURPOSE_NOTICE', 'DISCLOSURE', 'PROVISION_RECORDS'].includes(kind))
      r = await ok(M.fee, {
        id: r!.id,
        input: { amount: 1000, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-1' },
      });
    if (subjectIds.length > 0) r = await ok(M.match, { id: r!.id, s: subjectIds });
    return ok(M.decide, { id: r!.id, input: { outcome: 'COMPLY' } });
  };
  const employee = async (n: number) => {
    const answer = await f.gql<{ createRecord: { subjectId: string } }>(
      Role.HR,
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }`,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [
            { key: 'name', value: `社員 ${n}` },
            { key: 'employeeNumber', value: `E-9${n}` },
          ],
        },
      },
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.createRecord.subjectId;
  };
  const subjectState = async (subjectId: string) => {
    const [row] = await f.t.dataSource.query<{ erased: boolean; suspended: boolean }[]>(
      `SELECT erased_at IS NOT NULL AS erased, use_suspended_at IS NOT NULL AS suspended
         FROM data_subjects WHERE id = $1`,
      [subjectId],
    );
    return row;
  };

  it('matches a person named by an upper-case id (once: "not a person held")', async () => {
    const id = await employee(70);
    const r = await decided('DISCLOSURE', [id.toUpperCase()], { disclosureMethod: 'WRITTEN' });
    expect(r!.subjectIds).toEqual([id]);
  });

  it('answers "nothing held" only when the office says no one was found (noneHeld)', async () => {
    const r = await decided('DISCLOSURE', [], { disclosureMethod: 'WRITTEN' });
    const silent = await errorOf(M.execute, { id: r!.id });
    expect(silent?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(silent?.message).toContain('noneHeld: true');
    const done = await ok(M.execute, { id: r!.id, input: { noneHeld: true } });
    expect(done!.execution).toEqual({
      persons: 0,
      records: 0,
      categoryCodes: [],
      measures: ['NONE_HELD'],
    });
    // Said of a request whose person is held, or of a kind that does something to a person: refused.
    const held = await decided('PURPOSE_NOTICE', [await employee(1)]);
    expect(
      (await errorOf(M.execute, { id: held!.id, input: { noneHeld: true } }))?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    const stop = await decided('STOP_PROVISION', []);
    const wrongKind = await errorOf(M.execute, { id: stop!.id, input: { noneHeld: true } });
    expect(wrongKind?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongKind?.message).toContain('noneHeld is for');
  });

  it('takes no measure nobody chose: null or empty measure and corrections are refused, nothing claimed', async () => {
    const subjectId = await employee(5);
    const suspension = await decided('SUSPENSION_OR_ERASURE', [subjectId]);
    const nullMeasure = await errorOf(M.execute, { id: suspension!.id, input: { measure: null } });
    expect(nullMeasure?.extensions?.code).toBe('BAD_USER_INPUT');
    // (Another person: the correction's hold would rightly keep this one from erasure.)
    const correction = await decided('CORRECTION', [await employee(6)]);
    for (const corrections of [null, []]) {
      const refused = await errorOf(M.execute, { id: correction!.id, input: { corrections } });
      expect(refused?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const claims = await f.t.dataSource.query<unknown[]>(
      `SELECT 1 FROM request_execution_claims WHERE request_id = ANY($1::uuid[])`,
      [[suspension!.id, correction!.id]],
    );
    expect(claims).toHaveLength(0);
    // The person can still be erased as asked.
    const done = await ok(M.execute, { id: suspension!.id, input: { measure: 'ERASE' } });
    expect(done!.execution!.measures).toEqual(['ERASED']);
  });

  it('carries a request out once, with one measure, when 20 calls race (erase against suspend)', async () => {
    const subjectId = await employee(2);
    const r = await decided('SUSPENSION_OR_ERASURE', [subjectId]);
    const calls = Array.from({ length: 20 }, (_, i) =>
      run(M.execute, { id: r!.id, input: { measure: i % 2 === 0 ? 'ERASE' : 'SUSPEND_USE' } }),
    );
    const answers = await Promise.all(calls);
    const done = answers.filter((a) => !a.errors);
    expect(answers.map((a) => a.errors?.[0]?.message ?? 'ok')).toContain('ok');
    expect(done).toHaveLength(1);
    for (const a of answers.filter((x) => x.errors)) {
      expect(a.errors![0]!.extensions?.code).toBe('CONFLICT');
    }
    const measure = done[0]!.data!.executeRequest!.execution!.measures[0];
    const state = await subjectState(subjectId);
    // The person is in exactly the state the one recorded measure says.
    expect(state).toEqual(
      measure === 'ERASED'
        ? { erased: true, suspended: false }
        : { erased: false, suspended: true },
    );
    await f.t.sealLedger();
    const executed = await f.t.ledgerRows(`action = 'REQUEST_EXECUTED' AND target_id = $1`, [
      r!.id,
    ]);
    expect(executed).toHaveLength(1);
    expect(executed[0]!.details).toMatchObject({ measures: [measure] });
  });

  it("erases the company's own data only: a client's entrusted data stays for the client to decide", async () => {
    const support = (await f.t.loginAs(Role.SUPPORT)).token;
    const answer = await f.t.gql<{ createRecord: { id: string; subjectId: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`,
      {
        input: {
          categoryCode: 'ENTRUSTED_SYSDEV',
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'client test data',
          consentRef: 'client contract',
          values: [{ key: 'name', value: '委託 花子' }],
        },
      },
      support,
    );
    expect(answer.errors).toBeUndefined();
    const entrusted = answer.data!.createRecord;
    const ownData = await employee(3);
    // A person held both ways: the company keeps a category of the same persons as its own data.
    const madeOwn = await f.gql(
      Role.CPO,
      `mutation($code: String!, $input: DataCategoryChanges!) { updateDataCategory(code: $code, input: $input) { code } }`,
      { code: 'ENTRUSTED_DATA_ENTRY', input: { disclosureTarget: true } },
    );
    expect(madeOwn.errors).toBeUndefined();
    const both = await f.t.gql<{ createRecord: { id: string; subjectId: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`,
      {
        input: {
          categoryCode: 'ENTRUSTED_SYSDEV',
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'client test data',
          consentRef: 'client contract',
          values: [{ key: 'name', value: '両方 太郎' }],
        },
      },
      support,
    );
    expect(both.errors).toBeUndefined();
    const mixed = both.data!.createRecord;
    const ours = await f.t.gql<{ createRecord: { id: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`,
      {
        input: {
          categoryCode: 'ENTRUSTED_DATA_ENTRY',
          subjectId: mixed.subjectId,
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'form',
          consentRef: 'contract',
          values: [
            { key: 'name', value: '両方 太郎' },
            { key: 'phone', value: '090-1111-2222' },
          ],
        },
      },
      support,
    );
    expect(ours.errors).toBeUndefined();
    const found = async (lookup: Record<string, string>) =>
      (
        await f.gql<{ findSubjects: { edges: { node: { id: string } }[] } }>(
          Role.CPO,
          `query($email: String, $phone: String, $name: String) { findSubjects(email: $email, phone: $phone, name: $name, first: 100) { edges { node { id } } } }`,
          lookup,
        )
      ).data!.findSubjects.edges.map((e) => e.node.id);
    expect(await found({ phone: '090-1111-2222' })).toContain(mixed.subjectId);
    // Suspension marks only persons the company holds data of its own about.
    const suspend = await decided('SUSPENSION_OR_ERASURE', [entrusted.subjectId]);
    await ok(M.execute, { id: suspend!.id, input: { measure: 'SUSPEND_USE' } });
    expect(await subjectState(entrusted.subjectId)).toMatchObject({ suspended: false });
    const r = await decided('SUSPENSION_OR_ERASURE', [
      entrusted.subjectId,
      ownData,
      mixed.subjectId,
    ]);
    const done = await ok(M.execute, { id: r!.id, input: { measure: 'ERASE' } });
    expect(done!.execution).toEqual({
      persons: 3,
      records: 2,
      categoryCodes: ['EMPLOYEE', 'ENTRUSTED_DATA_ENTRY'],
      measures: ['ERASED'],
    });
    expect(await subjectState(ownData)).toMatchObject({ erased: true });
    expect(await subjectState(entrusted.subjectId)).toMatchObject({ erased: false });
    expect(await subjectState(mixed.subjectId)).toMatchObject({ erased: false });
    const status = async (id: string) =>
      (
        await f.t.dataSource.query<{ status: string }[]>(
          `SELECT status FROM personal_records WHERE id = $1`,
          [id],
        )
      )[0]!.status;
    expect(await status(entrusted.id)).toBe('ACTIVE');
    expect(await status(mixed.id)).toBe('ACTIVE');
    expect(await status(ours.data!.createRecord.id)).toBe('DISPOSED');
    await f.t.sealLedger();
    const disposed = await f.t.ledgerRows(`action = 'DISPOSE' AND target_id = $1`, [
      ours.data!.createRecord.id,
    ]);
    expect(disposed.map((e) => e.details)).toEqual([{ kind: 'REQUEST_ERASURE' }]);
    // The erased phone number no longer finds the person; the name the client's record holds does.
    expect(await found({ phone: '090-1111-2222' })).not.toContain(mixed.subjectId);
    expect(await found({ name: '両方 太郎' })).toContain(mixed.subjectId);
    // The erasure is journalled outside the database, the record named, so a restore replays it.
    const journal = f.t.app.get(ErasureJournal);
    expect(await journal.read()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subjectId: mixed.subjectId,
          recordId: ours.data!.createRecord.id,
        }),
      ]),
    );
    // A restored database that still holds such a record has it disposed of again at start.
    const again = await f.t.gql<{ createRecord: { id: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`,
      {
        input: {
          categoryCode: 'ENTRUSTED_DATA_ENTRY',
          subjectId: mixed.subjectId,
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'form',
          consentRef: 'contract',
          values: [{ key: 'name', value: '両方 太郎' }],
        },
      },
      support,
    );
    const restored = again.data!.createRecord.id;
    await journal.append([
      {
        subjectId: mixed.subjectId,
        recordId: restored,
        erasedAt: new Date().toISOString(),
        requestId: 'restore-drill',
      },
    ]);
    const replay = await f.t.app.get(ErasureReplay).replay();
    expect(replay.replayed).toBe(1);
    expect(await status(restored)).toBe('DISPOSED');
    expect(await status(mixed.id)).toBe('ACTIVE');
  });
});
