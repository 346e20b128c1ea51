import { Role } from '../harness/test-app';
import { RECORD_PROVISION, TODAY, provisionsFixture, type Provision } from './provisions-fixture';

const DECIDE = `mutation($input: DecideProvisionInput!) { decideProvision(input: $input) { status approval { decision } } }`;
const R = `id status`;
const M = {
  receive: `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { ${R} } }`,
  check: `mutation($id: ID!, $input: RecordIdentityCheckInput!) { recordIdentityCheck(requestId: $id, input: $input) { ${R} } }`,
  match: `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { ${R} } }`,
  decide: `mutation($id: ID!, $input: DecideRequestInput!) { decideRequest(requestId: $id, input: $input) { ${R} } }`,
  execute: `mutation($id: ID!) { executeRequest(requestId: $id) { ${R} } }`,
  lift: `mutation($s: ID!) { liftSubjectMark(subjectId: $s, mark: PROVISION_STOPPED, reason: WITHDRAWN_BY_PERSON) }`,
  erase: `mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "asked for erasure") { id } }`,
};

/**
 * A hand-off waiting for the CPO's approval (art. 27(5) joint use) is checked again when approved:
 * a person who stopped provision meanwhile (APPI art. 35(3)) or was erased (art. 35(1)) is
 * refused as on the direct path, and nothing is recorded as provided.
 */
describe('provisions: approval after a stop of provision or an erasure', () => {
  const f = provisionsFixture();
  let partyId = '';

  const ok = async <T>(role: Role, query: string, variables: Record<string, unknown>) => {
    const answer = await f.gql<Record<string, T>>(role, query, variables);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0];
  };
  /** A joint-use hand-off of the person's employee data, waiting for approval. */
  const pending = async (subjectId: string) => {
    const recorded = await ok<Provision>(Role.HR, RECORD_PROVISION, {
      input: {
        ruleCode: 'EMPLOYEE_GROUP_JOINT_USE',
        partyId,
        items: ['name', 'department'],
        handOff: { subjectIds: [subjectId], handedOn: TODAY, method: 'SYSTEM_TRANSFER' },
      },
    });
    expect(recorded!.status).toBe('PENDING_APPROVAL');
    return recorded!.id;
  };
  const approve = (provisionId: string, decision = 'APPROVED') =>
    f.gql(Role.CPO, DECIDE, { input: { provisionId, decision, note: 'group HR system' } });
  const provided = async (provisionId: string) => {
    await f.t.sealLedger();
    return f.t.ledgerRows(`action = 'PROVIDE' AND target_id = $1`, [provisionId]);
  };

  beforeAll(async () => {
    await ok(
      Role.CPO,
      `mutation($input: CreateRecipientInput!) { createRecipient(input: $input) { code } }`,
      {
        input: {
          code: 'GROUP_HR',
          name: { ja: 'グループ人事', en: 'Group HR' },
          kind: 'THIRD_PARTY',
          recipientType: { ja: '共同利用者', en: 'Joint user' },
          country: 'JP',
          provisionRule: { ja: '社員情報の共同利用', en: "Employees' data in joint use" },
        },
      },
    );
    await ok(
      Role.CPO,
      `mutation($input: CreateProvisionRuleInput!) { createProvisionRule(input: $input) { code } }`,
      {
        input: {
          code: 'EMPLOYEE_GROUP_JOINT_USE',
          name: { ja: 'グループ会社との社員情報の共同利用', en: 'Joint use with the group' },
          recipientCode: 'GROUP_HR',
          categoryCodes: ['EMPLOYEE'],
          items: ['name', 'department'],
          methods: ['SYSTEM_TRANSFER'],
          route: 'JOINT_USE',
          purposeAtRecipient: { ja: 'グループ人事管理', en: 'Group personnel administration' },
        },
      },
    );
    partyId = (await ok<{ id: string }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
      {
        input: {
          kind: 'THIRD_PARTY',
          name: 'グループ人事株式会社',
          address: '東京都中央区2-2',
          representative: '代表取締役',
          country: 'JP',
          partyType: 'group company',
          recipientCode: 'GROUP_HR',
        },
      },
    ))!.id;
  });

  it('refuses the approval (FORBIDDEN, as the direct path) once the person stopped provision; lifted, it goes', async () => {
    const person = f.employees[3];
    const provisionId = await pending(person!);
    // The person asks the company to stop providing their data (a request carried out).
    let r = await ok<{ id: string }>(Role.CPO, M.receive, {
      input: {
        kind: 'STOP_PROVISION',
        channel: 'MAIL',
        receivedAt: '2026-12-01T10:00:00+09:00',
        requester: { name: '社員 4', address: '東京都港区1-1-1' },
      },
    });
    const CONFIRMED = {
      subject: 'REQUESTER',
      documentType: 'DRIVERS_LICENSE',
      domicileBlackedOut: true,
      result: 'CONFIRMED',
    };
    r = await ok(Role.CPO, M.check, { id: r!.id, input: CONFIRMED });
    await ok(Role.CPO, M.match, { id: r!.id, s: [person] });
    await ok(Role.CPO, M.decide, { id: r!.id, input: { outcome: 'COMPLY' } });
    await ok(Role.CPO, M.execute, { id: r!.id });

    const direct = await f.gql(Role.HR, RECORD_PROVISION, {
      input: {
        ruleCode: 'EMPLOYEE_GROUP_JOINT_USE',
        partyId,
        items: ['name'],
        handOff: { subjectIds: [person], handedOn: TODAY, method: 'SYSTEM_TRANSFER' },
      },
    });
    const before = await f.counts();
    const refused = await approve(provisionId);
    expect(refused.errors?.[0]?.extensions?.code).toBe(direct.errors?.[0]?.extensions?.code);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('art. 35(3)');
    expect(await f.counts()).toEqual(before);
    expect(await provided(provisionId)).toEqual([]);
    const denied = await f.t.ledgerRows(`action = 'DENIED' AND subject_id = $1`, [person]);
    expect(denied.map((d) => d.details)).toEqual([
      { operation: 'create Provision', reason: 'PROVISION_STOPPED' },
      { operation: 'decide Provision', reason: 'PROVISION_STOPPED' },
    ]);

    // The person withdraws the stop: the same approval now goes, with its PROVIDE entry.
    expect((await f.gql(Role.CPO, M.lift, { s: person })).errors).toBeUndefined();
    expect((await approve(provisionId)).errors).toBeUndefined();
    expect((await provided(provisionId)).map((e) => e.subject_id)).toEqual([person]);
  });

  it('refuses the approval of a hand-off of a person erased meanwhile; a rejection still goes', async () => {
    const person = f.employees[2];
    const provisionId = await pending(person!);
    expect((await f.gql(Role.CPO, M.erase, { s: person })).errors).toBeUndefined();
    const before = await f.counts();
    const refused = await approve(provisionId);
    expect(refused.errors?.[0]?.extensions?.code).toBe('SUBJECT_ERASED');
    expect(await f.counts()).toEqual(before);
    expect(await provided(provisionId)).toEqual([]);
    const rejected = await approve(provisionId, 'REJECTED');
    expect(rejected.errors).toBeUndefined();
    expect(await provided(provisionId)).toEqual([]);
  });
});
