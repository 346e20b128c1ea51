import { Role, TestApp } from '../harness/test-app';
import { todayInJapan } from '@daicho/platform';

const FIELDS = `id source incidentId complaintId ownerId dueOn doneOn effective effectivenessCheckedOn
  open overdue cause action doneNote effectivenessNote`;
const OPEN = `mutation($input: OpenCorrectiveActionInput!) { openCorrectiveAction(input: $input) { ${FIELDS} } }`;
const DONE = `mutation($id: ID!, $input: RecordCorrectiveActionDoneInput!) { recordCorrectiveActionDone(correctiveActionId: $id, input: $input) { ${FIELDS} } }`;
const CHECK = `mutation($id: ID!, $input: CheckCorrectiveActionEffectivenessInput!) { checkCorrectiveActionEffectiveness(correctiveActionId: $id, input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { correctiveAction(id: $id) { ${FIELDS} } }`;
const LIST = `query($f: CorrectiveActionsFilter) { correctiveActions(filter: $f, first: 50) { edges { node { id overdue open } } } }`;
const RECEIVE = `mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { id } }`;
const REPORT_INCIDENT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`;

interface Action {
  id: string;
  source: string;
  ownerId: string;
  dueOn: string;
  doneOn: string | null;
  effective: boolean | null;
  effectivenessCheckedOn: string | null;
  open: boolean;
  overdue: boolean;
  cause: string | null;
  action: string | null;
  doneNote: string | null;
  effectivenessNote: string | null;
}

/** Today as the server counts days: in Japan (after 15:00 UTC it is already tomorrow there). */
const TODAY = todayInJapan();
const CAUSE = '退職者（田中さん）の削除が営業名簿に反映されていなかった';
const ACTION = '退職手続に名簿削除を加え、月次で突合する';

/**
 * Corrective actions (是正処置, JIS Q 15001) over GraphQL: opened by the CPO from a complaint (or
 * an incident, or an audit) with a sealed cause and action, listed overdue when past due and not
 * done, done by their owner (an HR user), checked for effectiveness by the CPO only and only
 * once done; another department neither sees nor changes one (NOT_FOUND, recorded).
 */
describe('corrective actions: opened, overdue, done by the owner, checked by the CPO', () => {
  let t: TestApp;
  let cpo: string;
  let cpoUserId: string;
  let hr: string;
  let hrUserId: string;
  let sales: string;
  let auditor: string;
  let auditorUserId: string;
  let complaintId: string;

  const answer = <T = Action>(query: string, variables: Record<string, unknown>, token = cpo) =>
    t.gql<Record<string, T>>(query, variables, token);
  const ok = async <T = Action>(
    query: string,
    variables: Record<string, unknown>,
    token = cpo,
  ): Promise<T> => {
    const got = await answer<T>(query, variables, token);
    expect(got.errors).toBeUndefined();
    return Object.values(got.data!)[0] as T;
  };
  const errorOf = async (query: string, variables: Record<string, unknown>, token = cpo) =>
    (await answer(query, variables, token)).errors?.[0];
  const codeOf = async (query: string, variables: Record<string, unknown>, token = cpo) =>
    (await errorOf(query, variables, token))?.extensions?.code;
  const ids = async (f: Record<string, unknown>, token = cpo) =>
    (await ok<{ edges: { node: { id: string } }[] }>(LIST, { f }, token)).edges.map(
      (e) => e.node.id,
    );
  const fromComplaint = (input: Record<string, unknown> = {}) => ({
    source: 'COMPLAINT',
    complaintId,
    cause: CAUSE,
    action: ACTION,
    ownerId: hrUserId,
    // Due 20 November: long past, and never done.
    dueOn: '2026-11-20',
    ...input,
  });
  const changesOf = async (id: string) => {
    await t.sealLedger();
    return (
      await t.ledgerRows(
        `target_id = $1 AND target_type = 'CorrectiveAction' AND action <> 'READ'`,
        [id],
      )
    ).map((r) => r.action as string);
  };
  const deniedOn = async (id: string) => {
    await t.sealLedger();
    return (await t.ledgerRows(`action = 'DENIED' AND target_id = $1`, [id])).length;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    const cpoLogin = await t.loginAs(Role.CPO);
    cpo = cpoLogin.token;
    cpoUserId = cpoLogin.user.id;
    const owner = await t.loginAs(Role.HR);
    hr = owner.token;
    hrUserId = owner.user.id;
    sales = (await t.loginAs(Role.SALES)).token;
    const audit = await t.loginAs(Role.AUDITOR);
    auditor = audit.token;
    auditorUserId = audit.user.id;
    complaintId = (
      await ok<{ id: string }>(RECEIVE, {
        input: {
          receivedAt: '2026-11-02T10:00:00+09:00',
          channel: 'EMAIL',
          complainant: { name: '田中 次郎', email: 'jiro@example.jp' },
          subject: 'HANDLING',
          content: '退職したのに営業メールが届く',
        },
      })
    ).id;
  });
  afterAll(() => t.close());

  it('runs one from a complaint: overdue, done by its owner, checked by the CPO only', async () => {
    const opened = await ok(OPEN, { input: fromComplaint() });
    expect(opened).toMatchObject({
      source: 'COMPLAINT',
      ownerId: hrUserId,
      dueOn: '2026-11-20',
      doneOn: null,
      effective: null,
      open: true,
      overdue: true,
      cause: CAUSE,
      action: ACTION,
    });
    const id = opened.id;
    // Its texts are sealed in its own file: nothing in clear in the database or the ledger.
    const [row] = await t.dataSource.query<{ sealed_cause: Buffer; sealed_action: Buffer }[]>(
      `SELECT sealed_cause, sealed_action FROM corrective_actions WHERE id = $1`,
      [id],
    );
    expect(row!.sealed_cause.includes(Buffer.from('田中'))).toBe(false);
    expect(row!.sealed_action.includes(Buffer.from('名簿'))).toBe(false);

    // Listed overdue, to the CPO, the auditor (without texts) and its owner; not to another department.
    expect(await ids({ overdue: true })).toEqual([id]);
    expect(await ids({ overdue: true }, auditor)).toEqual([id]);
    expect(await ids({ overdue: true }, hr)).toEqual([id]);
    expect(await ids({}, sales)).toEqual([]);
    expect(await ok(GET, { id }, auditor)).toMatchObject({
      overdue: true,
      cause: null,
      action: null,
    });
    expect(await ok(GET, { id }, hr)).toMatchObject({ cause: CAUSE, action: ACTION });
    expect(await codeOf(GET, { id }, sales)).toBe('NOT_FOUND');
    expect(await codeOf(DONE, { id, input: { doneOn: TODAY } }, sales)).toBe('NOT_FOUND');
    expect(await deniedOn(id)).toBe(2);
    // Only the CPO opens one; the auditor changes nothing.
    expect(await codeOf(OPEN, { input: fromComplaint() }, hr)).toBe('FORBIDDEN');
    expect(await codeOf(DONE, { id, input: { doneOn: TODAY } }, auditor)).toBe('FORBIDDEN');

    // Effectiveness is checked only once it was done.
    const check = { effective: true, checkedOn: TODAY, note: '12月の突合で削除漏れなし' };
    expect(await codeOf(CHECK, { id, input: check })).toBe('CONFLICT');

    const doneNote = '旧ファイルサーバの共有設定を解除（田中）';
    const done = await ok(DONE, { id, input: { doneOn: TODAY, note: doneNote } }, hr);
    expect(done).toMatchObject({ doneOn: TODAY, overdue: false, open: true, doneNote });
    expect(await ids({ overdue: true })).toEqual([]);
    expect(await ids({ open: true })).toEqual([id]);
    expect(await codeOf(DONE, { id, input: { doneOn: TODAY } }, hr)).toBe('CONFLICT');

    // The owner does not judge their own work: the CPO does.
    expect(await codeOf(CHECK, { id, input: check }, hr)).toBe('FORBIDDEN');
    expect(await codeOf(CHECK, { id, input: check }, sales)).toBe('NOT_FOUND');
    const checked = await ok(CHECK, { id, input: check });
    expect(checked).toMatchObject({
      effective: true,
      effectivenessCheckedOn: TODAY,
      open: false,
      effectivenessNote: check.note,
      doneNote,
    });
    expect(await codeOf(CHECK, { id, input: check })).toBe('CONFLICT');
    expect(await ids({ open: true })).toEqual([]);
    expect(await ids({ open: false })).toEqual([id]);
    expect(await ok(GET, { id }, auditor)).toMatchObject({
      effectivenessNote: null,
      doneNote: null,
    });
    const [stored] = await t.dataSource.query<{ note: Buffer }[]>(
      `SELECT sealed_done_note AS note FROM corrective_actions WHERE id = $1`,
      [id],
    );
    expect(stored!.note.includes(Buffer.from('田中'))).toBe(false);

    expect(await changesOf(id)).toEqual([
      'CORRECTIVE_ACTION_OPENED',
      'DENIED', // another department looked
      'DENIED', // and tried to record it done
      'CORRECTIVE_ACTION_DONE',
      'DENIED', // the owner tried to check it
      'DENIED', // another department too
      'CORRECTIVE_ACTION_CHECKED',
    ]);
    await t.sealLedger();
    const entries = await t.ledgerRows(
      `target_id = $1 AND target_type = 'CorrectiveAction' AND action LIKE 'CORRECTIVE%'`,
      [id],
    );
    expect(entries.map((e) => e.details)).toEqual([
      {
        source: 'COMPLAINT',
        incident: null,
        complaint: complaintId,
        owner: hrUserId,
        dueOn: '2026-11-20',
      },
      { doneOn: TODAY, late: true },
      { effective: true, checkedOn: TODAY },
    ]);
    expect(entries.every((e) => e.purpose_code === 'COMPLAINT_HANDLING')).toBe(true);
    expect(JSON.stringify(entries)).not.toMatch(/田中|名簿|突合/);
  });

  it('opens one from an incident and from an audit finding', async () => {
    const incident = await ok<{ id: string }>(REPORT_INCIDENT, {
      input: {
        title: '名簿の誤送信',
        discoveredAt: '2026-11-01T10:00:00+09:00',
        awareAt: '2026-11-01T11:00:00+09:00',
        kind: 'LEAKAGE',
        cause: 'MISDELIVERY',
        wrongfulPurpose: false,
        description: '名簿を取引先に誤送信',
        categoryCodes: ['EMPLOYEE'],
        systemCodes: [],
      },
    });
    const fromIncident = await ok(OPEN, {
      input: {
        ...fromComplaint(),
        source: 'INCIDENT',
        complaintId: undefined,
        incidentId: incident.id,
        dueOn: '2027-01-29',
      },
    });
    expect(fromIncident).toMatchObject({ source: 'INCIDENT', overdue: false, open: true });
    const fromAudit = await ok(OPEN, {
      input: { ...fromComplaint(), source: 'AUDIT', complaintId: undefined, dueOn: '2027-03-31' },
    });
    expect(fromAudit).toMatchObject({ source: 'AUDIT', overdue: false });
    expect(await ids({ open: true }, hr)).toEqual([fromIncident.id, fromAudit.id]);
  });

  it('refuses bad input by name and writes nothing; unknown ids are NOT_FOUND, recorded', async () => {
    const before = await t.count('corrective_actions');
    const files = await t.count('data_subjects');
    const bad = async (input: Record<string, unknown>, field: string) => {
      const error = await errorOf(OPEN, { input: fromComplaint(input) });
      expect({ code: error?.extensions?.code, field: error?.message.includes(field) }).toEqual({
        code: 'BAD_USER_INPUT',
        field: true,
      });
    };
    const nobody = '00000000-0000-4000-8000-000000000000';
    await bad({ ownerId: nobody }, 'ownerId');
    await bad({ ownerId: auditorUserId }, 'ownerId'); // an auditor carries out nothing
    await bad({ complaintId: undefined }, 'complaintId');
    await bad({ complaintId: null }, 'complaintId'); // null is no id (once a CHECK's 500)
    await bad({ incidentId: nobody }, 'incidentId');
    await bad({ dueOn: '2026-10-30' }, 'dueOn'); // before the complaint arrived
    await bad({ dueOn: '2026-02-30' }, 'dueOn');
    // From an audit there is no arrival to be after; still never before 1970.
    await bad({ source: 'AUDIT', complaintId: undefined, dueOn: '0001-01-01' }, 'dueOn');
    await bad({ cause: 'a\u0000b' }, 'cause');
    expect(await codeOf(OPEN, { input: fromComplaint({ complaintId: nobody }) })).toBe('NOT_FOUND');
    expect(
      await codeOf(OPEN, {
        input: fromComplaint({ source: 'INCIDENT', complaintId: undefined, incidentId: nobody }),
      }),
    ).toBe('NOT_FOUND');
    expect(await deniedOn(nobody)).toBe(2);
    expect(await t.count('corrective_actions')).toBe(before);
    expect(await t.count('data_subjects')).toBe(files);

    const { id } = await ok(OPEN, { input: fromComplaint({ dueOn: '2027-01-15' }) });
    const done = (doneOn: string, token = hr) => codeOf(DONE, { id, input: { doneOn } }, token);
    expect(await done('2099-01-01')).toBe('BAD_USER_INPUT'); // in the future
    expect(await done('2026-11-30')).toBe('BAD_USER_INPUT'); // before it was opened
    expect(await codeOf(DONE, { id: nobody, input: { doneOn: TODAY } }, hr)).toBe('NOT_FOUND');
    expect(await codeOf(DONE, { id: nobody, input: { doneOn: TODAY } })).toBe('NOT_FOUND');
    expect((await ok(GET, { id })).doneOn).toBeNull();
    expect(await changesOf(id)).toEqual(['CORRECTIVE_ACTION_OPENED']);
    await ok(DONE, { id, input: { doneOn: TODAY } }); // the CPO may record it for the owner
    const second = (await t.loginAs(Role.CPO)).token; // who recorded it done does not check it
    const check = (checkedOn: string) =>
      codeOf(CHECK, { id, input: { effective: false, checkedOn } }, second);
    expect(await check('2099-01-01')).toBe('BAD_USER_INPUT');
    expect(await check('2026-12-01')).toBe('BAD_USER_INPUT'); // before it was done
    expect((await ok(GET, { id })).effectivenessCheckedOn).toBeNull();
  });

  it('never lets an owner check their own action, not even the CPO', async () => {
    const { id } = await ok(OPEN, { input: fromComplaint({ ownerId: cpoUserId, dueOn: TODAY }) });
    await ok(DONE, { id, input: { doneOn: TODAY } });
    const own = await errorOf(CHECK, { id, input: { effective: true, checkedOn: TODAY } });
    expect(own?.extensions?.code).toBe('FORBIDDEN');
    expect((await ok(GET, { id })).effectivenessCheckedOn).toBeNull();
  });

  it('never lets whoever recorded it done check it: a second CPO does', async () => {
    const { id } = await ok(OPEN, { input: fromComplaint({ dueOn: TODAY }) }); // owned by HR
    await ok(DONE, { id, input: { doneOn: TODAY } }); // the CPO records it for the owner
    const input = { effective: true, checkedOn: TODAY };
    expect(await codeOf(CHECK, { id, input })).toBe('FORBIDDEN');
    expect((await ok(GET, { id })).effectivenessCheckedOn).toBeNull();
    const second = (await t.loginAs(Role.CPO)).token;
    expect((await ok(CHECK, { id, input }, second)).effective).toBe(true);
    await t.sealLedger();
    const denied = await t.ledgerRows(`action = 'DENIED' AND target_id = $1`, [id]);
    expect(denied.map((e) => e.actor_role)).toEqual(['CPO']);
  });

  it('shows its texts to an owner while their role carries it out, and records each opening', async () => {
    const owner = await t.loginAs(Role.HR);
    const { id } = await ok(OPEN, {
      input: fromComplaint({ ownerId: owner.user.id, dueOn: TODAY }),
    });
    const texts = () =>
      t.dataSource.query<{ fields: string[]; actor_id: string }[]>(
        `SELECT fields, actor_id FROM ledger_entries
          WHERE action = 'READ' AND target_id = $1 AND details->>'view' = 'texts'
          ORDER BY recorded_at, id`,
        [id],
      );
    const opened = (await texts()).length; // the CPO's answer to opening it
    // A change's answer opens the texts too: it is a READ naming them, as a query's is.
    const done = await ok(
      DONE,
      { id, input: { doneOn: TODAY, note: '名簿を削除した' } },
      owner.token,
    );
    expect(done).toMatchObject({ cause: CAUSE, action: ACTION, doneNote: '名簿を削除した' });
    expect((await texts()).slice(opened)).toEqual([
      { fields: ['cause', 'action', 'doneNote'], actor_id: owner.user.id },
    ]);
    expect((await ok(GET, { id }, owner.token)).cause).toBe(CAUSE);
    // Moved to AUDITOR, they read it as an auditor does: dates, not texts.
    await t.changedBySql(`UPDATE users SET role = 'AUDITOR' WHERE id = $1`, [owner.user.id]);
    const asAuditor = await ok(GET, { id }, owner.token);
    expect(asAuditor).toMatchObject({
      id,
      doneOn: TODAY,
      cause: null,
      action: null,
      doneNote: null,
    });
    expect((await texts()).length).toBe(opened + 2);
    // A list that asks for no text opens none and records no such look (the dashboard's).
    const listed = await t.gql(
      '{ correctiveActions(first: 100) { edges { node { id dueOn } } } }',
      {},
      cpo,
    );
    expect(listed.errors).toBeUndefined();
    expect((await texts()).length).toBe(opened + 2);
    const withCause = await t.gql(
      '{ correctiveActions(first: 100) { edges { node { id ...texts } } } } fragment texts on CorrectiveAction { cause }',
      {},
      cpo,
    );
    expect(withCause.errors).toBeUndefined();
    expect((await texts()).length).toBe(opened + 3);
  });

  it('takes a note sent as null as no note (once Buffer.from(null), a 500)', async () => {
    const another = await ok(OPEN, { input: fromComplaint() });
    const noNote = await ok(DONE, { id: another.id, input: { doneOn: TODAY, note: null } }, hr);
    expect(noNote).toMatchObject({ doneOn: TODAY, doneNote: null });
    const unjudged = { effective: false, checkedOn: TODAY, note: null };
    expect(await ok(CHECK, { id: another.id, input: unjudged })).toMatchObject({
      effective: false,
      effectivenessNote: null,
    });
  });
});
