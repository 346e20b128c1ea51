import { Role, TestApp } from '../harness/test-app';
import { todayInJapan } from '@daicho/platform';

const FIELDS = `id number receivedAt channel subject status targetOn overdue businessDaysLeft
  incidentId referredToJipdecOn outcome closedAt`;
const SEALED = `complainant { name address email phone } content outcomeNote
  steps { action actedOn note }`;
const RECEIVE = `mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { ${FIELDS} } }`;
const STEP = `mutation($id: ID!, $input: RecordComplaintStepInput!) { recordComplaintStep(complaintId: $id, input: $input) { ${FIELDS} } }`;
const CLOSE = `mutation($id: ID!, $input: CloseComplaintInput!) { closeComplaint(complaintId: $id, input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { complaint(id: $id) { ${FIELDS} ${SEALED} } }`;
const LIST = `query($f: ComplaintsFilter) { complaints(filter: $f, first: 50) { edges { node { id number overdue } cursor } pageInfo { hasNextPage } } }`;
const REPORT_INCIDENT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`;

interface Complaint {
  id: string;
  number: string;
  status: string;
  targetOn: string;
  overdue: boolean;
  incidentId: string | null;
  referredToJipdecOn: string | null;
  outcome: string | null;
  closedAt: string | null;
  complainant?: { name: string; address: string | null; email: string | null } | null;
  content?: string | null;
  outcomeNote?: string | null;
  steps?: { action: string; actedOn: string; note: string | null }[];
}

/** Today as the server counts days: in Japan (after 15:00 UTC it is already tomorrow there). */
const TODAY = todayInJapan();
const COMPLAINANT = {
  name: '佐藤 一郎',
  address: '大阪府大阪市北区4-5-6',
  email: 'ichiro.sato@example.jp',
};
const CONTENT = '退職後も営業メールが届く。名簿をどこから入手したのか説明してほしい。';
const BASE = {
  receivedAt: '2026-12-01T09:30:00+09:00',
  channel: 'MAIL',
  complainant: COMPLAINANT,
  subject: 'HANDLING',
  content: CONTENT,
};

/**
 * Complaints and consultations (APPI art. 40; policy §8) over GraphQL: received with the
 * complainant kept as a sealed COMPLAINANT record, answered step by step, referred to JIPDEC's
 * counselling office, closed with an outcome; the auditor sees dates and codes only, a department
 * nothing; bad input writes nothing.
 */
describe('complaints: received, answered, referred to JIPDEC, closed', () => {
  let t: TestApp;
  let cpo: string;
  let hr: string;
  let auditor: string;

  const answer = <T = Complaint>(query: string, variables: Record<string, unknown>, token = cpo) =>
    t.gql<Record<string, T>>(query, variables, token);
  const ok = async <T = Complaint>(
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
  const receive = (input: Record<string, unknown> = {}) =>
    ok(RECEIVE, { input: { ...BASE, ...input } });
  /** The complaint's own entries (not its READs), in order: action names. */
  const changesOf = async (id: string) => {
    await t.sealLedger();
    return (
      await t.ledgerRows(`target_id = $1 AND target_type = 'Complaint' AND action <> 'READ'`, [id])
    ).map((r) => r.action as string);
  };
  /** What a table holds now, to show that a refused call wrote nothing. */
  const counts = async () => ({
    complaints: await t.count('complaints'),
    steps: await t.count('complaint_steps'),
    records: await t.count('personal_records'),
    subjects: await t.count('data_subjects'),
    numbers: await t.count('complaint_numbers'),
  });

  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    hr = (await t.loginAs(Role.HR)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
  });
  afterAll(() => t.close());

  it('runs a complaint from arrival through a JIPDEC referral to its outcome, each step an entry', async () => {
    const received = await receive();
    expect(received).toMatchObject({
      number: 'C-2026-0001',
      status: 'RECEIVED',
      // Tuesday 1 December, 09:30: handled that day; 10 business days later.
      targetOn: '2026-12-15',
      overdue: '2026-12-15' < TODAY,
      referredToJipdecOn: null,
      outcome: null,
      closedAt: null,
    });
    const id = received.id;
    const step = (action: string, actedOn: string, note?: string) =>
      ok(STEP, { id, input: { action, actedOn, ...(note ? { note } : {}) } });
    expect((await step('CONTACTED', '2026-12-01', '電話で受付を伝えた（佐藤様）')).status).toBe(
      'IN_PROGRESS',
    );
    await step('INVESTIGATED', '2026-12-02', '営業部の名簿を確認、退職者の削除漏れ');
    const referred = await step('REFERRED_TO_JIPDEC', '2026-12-03', 'JIPDEC相談室を案内');
    expect(referred).toMatchObject({ status: 'IN_PROGRESS', referredToJipdecOn: '2026-12-03' });
    // Referred once: a second referral is a conflict, and writes nothing.
    expect(
      await codeOf(STEP, { id, input: { action: 'REFERRED_TO_JIPDEC', actedOn: TODAY } }),
    ).toBe('CONFLICT');
    const closed = await ok(CLOSE, {
      id,
      input: { outcome: 'REFERRED', note: '佐藤様はJIPDECでの相談を選択' },
    });
    expect(closed).toMatchObject({
      status: 'CLOSED',
      outcome: 'REFERRED',
      referredToJipdecOn: '2026-12-03',
      overdue: false,
    });
    expect(closed.closedAt).not.toBeNull();

    // The ledger: the complaint's entries in order, codes and dates only.
    expect(await changesOf(id)).toEqual([
      'COMPLAINT_RECEIVED',
      'COMPLAINT_STEP',
      'COMPLAINT_STEP',
      'COMPLAINT_STEP',
      'COMPLAINT_CLOSED',
    ]);
    const entries = await t.ledgerRows(`target_id = $1 AND target_type = 'Complaint'`, [id]);
    expect(entries.map((e) => (e.details as Record<string, unknown>).action ?? null)).toEqual([
      null,
      'CONTACTED',
      'INVESTIGATED',
      'REFERRED_TO_JIPDEC',
      null,
    ]);
    expect(entries[0]).toMatchObject({
      category_code: 'COMPLAINANT',
      purpose_code: 'COMPLAINT_HANDLING',
      details: {
        number: 'C-2026-0001',
        channel: 'MAIL',
        subject: 'HANDLING',
        targetOn: '2026-12-15',
      },
    });
    expect(entries[4]!.details).toMatchObject({
      outcome: 'REFERRED',
      referredToJipdecOn: '2026-12-03',
    });
    expect(JSON.stringify(entries)).not.toMatch(/佐藤|ichiro|名簿|JIPDEC相談室/);

    // The complainant is a sealed COMPLAINANT record, whose retention started at closure (3 years).
    const [record] = await t.dataSource.query<
      { category_code: string; sealed_values: Buffer; retention_due_at: Date; id: string }[]
    >(
      `SELECT p.id, p.category_code, p.sealed_values, p.retention_due_at FROM personal_records p
         JOIN complaints c ON c.complainant_record_id = p.id WHERE c.id = $1`,
      [id],
    );
    expect(record!.category_code).toBe('COMPLAINANT');
    for (const clear of ['佐藤', 'ichiro', '名簿をどこから']) {
      expect(record!.sealed_values.includes(Buffer.from(clear))).toBe(false);
    }
    expect(record!.retention_due_at.getUTCFullYear()).toBe(
      new Date(closed.closedAt!).getUTCFullYear() + 3,
    );
    await t.sealLedger();
    expect(
      (await t.ledgerRows(`target_id = $1`, [record!.id])).map((r) => `${String(r.action)}`),
    ).toEqual(['CREATE', 'UPDATE']);
    // Notes are sealed under the complainant record's key: nothing in clear.
    const sealed = await t.dataSource.query<{ note: Buffer | null }[]>(
      `SELECT sealed_note AS note FROM complaint_steps WHERE complaint_id = $1
       UNION ALL SELECT sealed_outcome_note FROM complaints WHERE id = $1`,
      [id],
    );
    expect(sealed).toHaveLength(4);
    for (const { note } of sealed) {
      expect(note).not.toBeNull();
      expect(note!.includes(Buffer.from('佐藤'))).toBe(false);
      expect(note!.includes(Buffer.from('JIPDEC'))).toBe(false);
    }

    // The CPO reads it all (each look an entry); the auditor sees dates, codes and status only.
    const full = await ok(GET, { id });
    expect(full).toMatchObject({
      complainant: { ...COMPLAINANT },
      content: CONTENT,
      outcomeNote: '佐藤様はJIPDECでの相談を選択',
      steps: [
        { action: 'CONTACTED', actedOn: '2026-12-01', note: '電話で受付を伝えた（佐藤様）' },
        {
          action: 'INVESTIGATED',
          actedOn: '2026-12-02',
          note: '営業部の名簿を確認、退職者の削除漏れ',
        },
        { action: 'REFERRED_TO_JIPDEC', actedOn: '2026-12-03', note: 'JIPDEC相談室を案内' },
      ],
    });
    await t.sealLedger();
    const reads = await t.ledgerRows(`action = 'READ' AND (target_id = $1 OR target_id = $2)`, [
      id,
      record!.id,
    ]);
    expect(reads.map((r) => `${String(r.target_type)}/${String(r.purpose_code)}`).sort()).toEqual(
      [
        'Complaint/COMPLAINT_HANDLING', // the complaint shown
        'Complaint/COMPLAINT_HANDLING', // its step notes opened
        'Complaint/COMPLAINT_HANDLING', // its outcome note opened
        'PersonalRecord/COMPLAINT_HANDLING', // the complainant's record read
      ].sort(),
    );
    const seen = await ok(GET, { id }, auditor);
    expect(seen).toMatchObject({
      number: 'C-2026-0001',
      status: 'CLOSED',
      outcome: 'REFERRED',
      referredToJipdecOn: '2026-12-03',
      complainant: null,
      content: null,
      outcomeNote: null,
      steps: [
        { action: 'CONTACTED', actedOn: '2026-12-01', note: null },
        { action: 'INVESTIGATED', actedOn: '2026-12-02', note: null },
        { action: 'REFERRED_TO_JIPDEC', actedOn: '2026-12-03', note: null },
      ],
    });
    expect(JSON.stringify(seen)).not.toMatch(/佐藤|ichiro|名簿|JIPDEC相談室/);
    expect((await ok<{ edges: unknown[] }>(LIST, {}, auditor)).edges).toHaveLength(1);
    // The CPO asking for the steps without their notes opens none, and no look is recorded.
    const noteLooks = async () => {
      await t.sealLedger();
      return (
        await t.ledgerRows(`action = 'READ' AND target_id = $1 AND 'steps.note' = ANY(fields)`, [
          id,
        ])
      ).length;
    };
    const notesBefore = await noteLooks();
    expect(notesBefore).toBeGreaterThan(0);
    await ok(`query($id: ID!) { complaint(id: $id) { id steps { action actedOn } } }`, { id });
    expect(await noteLooks()).toBe(notesBefore);

    // A department has no business with complaints: refused, and the refusal recorded.
    const deniedBefore = (await t.ledgerRows(`action = 'DENIED'`)).length;
    expect(await codeOf(GET, { id }, hr)).toBe('FORBIDDEN');
    expect(await codeOf(LIST, {}, hr)).toBe('FORBIDDEN');
    expect(await codeOf(RECEIVE, { input: BASE }, hr)).toBe('FORBIDDEN');
    expect(await codeOf(STEP, { id, input: { action: 'CONTACTED', actedOn: TODAY } }, hr)).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf(STEP, { id, input: { action: 'CONTACTED', actedOn: TODAY } }, auditor),
    ).toBe('FORBIDDEN');
    expect((await t.ledgerRows(`action = 'DENIED'`)).length).toBe(deniedBefore + 5);
  });

  it('links the incident it is about, lists by status and overdue, soonest target first', async () => {
    const incident = await ok<{ id: string }>(REPORT_INCIDENT, {
      input: {
        title: '退職者名簿の誤送信',
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
    // Arrived Monday 2 November: 10 business days (3 November is Culture Day) is 17 November.
    const late = await receive({
      receivedAt: '2026-11-02T10:00:00+09:00',
      subject: 'INCIDENT',
      incidentId: incident.id,
      channel: 'PHONE',
    });
    expect(late).toMatchObject({ targetOn: '2026-11-17', overdue: true, incidentId: incident.id });
    expect((await ok<Complaint>(GET, { id: late.id }, auditor)).overdue).toBe(true);
    const fresh = await receive({ receivedAt: new Date().toISOString(), channel: 'EMAIL' });
    const numbers = (f: Record<string, unknown>) =>
      ok<{ edges: { node: { number: string } }[] }>(LIST, { f }).then((p) =>
        p.edges.map((e) => e.node.number),
      );
    expect(await numbers({ overdue: true })).toEqual([late.number]);
    expect(await numbers({ status: 'CLOSED' })).toEqual(['C-2026-0001']);
    expect(await numbers({ status: 'RECEIVED' })).toEqual([late.number, fresh.number]);
    expect(await numbers({ overdue: false })).toEqual(['C-2026-0001', fresh.number]);
    // Each complaint listed is a READ entry in its complainant's name.
    await t.sealLedger();
    const looks = await t.ledgerRows(
      `action = 'READ' AND target_type = 'Complaint' AND details->>'view' = 'complaints'`,
    );
    expect(looks.length).toBeGreaterThanOrEqual(6);
    expect(looks.every((r) => typeof r.subject_id === 'string')).toBe(true);
  });

  it('refuses bad input by name and writes nothing; an unknown id is NOT_FOUND, recorded', async () => {
    const before = await counts();
    const bad = async (input: Record<string, unknown>, field: string) => {
      const error = await errorOf(RECEIVE, { input: { ...BASE, ...input } });
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toContain(field);
    };
    await bad({ receivedAt: '2099-01-01T00:00:00Z' }, 'receivedAt');
    await bad({ complainant: { ...COMPLAINANT, name: '佐藤\u0000一郎' } }, 'name');
    await bad({ content: 'NUL\u0000here' }, 'content');
    await bad({ channel: 'FAX' }, 'channel');
    await bad({ complainant: { ...COMPLAINANT, email: 'not an address' } }, 'email');
    const unknownIncident = '00000000-0000-4000-8000-000000000000';
    expect(await codeOf(RECEIVE, { input: { ...BASE, incidentId: unknownIncident } })).toBe(
      'NOT_FOUND',
    );
    await t.sealLedger();
    expect(
      await t.ledgerRows(`action = 'DENIED' AND target_id = $1`, [unknownIncident]),
    ).toHaveLength(1);
    expect(await counts()).toEqual(before);
    // null is no value: the item is left out (once a 500), the complaint received.
    const nulled = await receive({
      complainant: { ...COMPLAINANT, address: null, email: null, phone: null },
    });
    expect(
      await codeOf(STEP, {
        id: nulled.id,
        input: { action: 'CONTACTED', actedOn: TODAY, note: null },
      }),
    ).toBeUndefined();

    const complaint = await receive();
    const id = complaint.id;
    const afterIntake = await counts();
    const step = (input: Record<string, unknown>) => codeOf(STEP, { id, input });
    expect(await step({ action: 'CONTACTED', actedOn: '2099-01-01' })).toBe('BAD_USER_INPUT');
    expect(await step({ action: 'CONTACTED', actedOn: '2026-11-30' })).toBe('BAD_USER_INPUT');
    expect(await step({ action: 'CONTACTED', actedOn: '2026-12-02', note: 'a\u0000b' })).toBe(
      'BAD_USER_INPUT',
    );
    // REFERRED is an outcome only after a referral.
    const notReferred = await errorOf(CLOSE, { id, input: { outcome: 'REFERRED' } });
    expect(notReferred?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(notReferred?.message).toContain('outcome');
    expect(
      await codeOf(STEP, { id: unknownIncident, input: { action: 'CONTACTED', actedOn: TODAY } }),
    ).toBe('NOT_FOUND');
    expect(await counts()).toEqual(afterIntake);

    // Closing twice: the second is a conflict, and so is a step after closure.
    await ok(CLOSE, { id, input: { outcome: 'WITHDRAWN' } });
    const closed = await counts();
    expect(await codeOf(CLOSE, { id, input: { outcome: 'RESOLVED' } })).toBe('CONFLICT');
    expect(await step({ action: 'ANSWERED', actedOn: TODAY })).toBe('CONFLICT');
    expect(await counts()).toEqual(closed);
    expect(await changesOf(id)).toEqual(['COMPLAINT_RECEIVED', 'COMPLAINT_CLOSED']);
    expect((await ok<Complaint>(GET, { id })).outcome).toBe('WITHDRAWN');
  });

  it('still closes when the complainant had their data erased meanwhile, keeping nothing more', async () => {
    const { id } = await receive();
    const [{ subject }] = await t.dataSource.query<[{ subject: string }]>(
      `SELECT complainant_subject_id AS subject FROM complaints WHERE id = $1`,
      [id],
    );
    await ok(`mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "本人の請求") { id } }`, {
      s: subject,
    });
    const withNote = await errorOf(CLOSE, {
      id,
      input: { outcome: 'WITHDRAWN', note: '本人より取下げ' },
    });
    expect(withNote?.extensions?.code).toBe('BAD_USER_INPUT');
    const closed = await ok<{ status: string }>(CLOSE, { id, input: { outcome: 'WITHDRAWN' } });
    expect(closed.status).toBe('CLOSED');
  });
});
