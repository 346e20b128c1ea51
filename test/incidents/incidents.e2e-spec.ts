import { RetentionService } from '@daicho/holdings';
import { todayInJapan } from '@daicho/platform';
import { Role, TestApp } from '../harness/test-app';
import { asSuperuserAttacker } from '../ledger/ledger-tamper.helpers';

const FIELDS = `id number stage kind wrongfulPurpose preliminaryDueOn preliminaryOverdueOn finalDueOn
  finalDueBusinessDay categoryCodes title description encryptionExempt`;
const SCOPE = `persons records categoryCodes itemKeys specialCare myNumber financialDamageRisk
  entrustedCategoryCodes evidenceSeqs`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { incident(id: $id) { ${FIELDS} steps { stage note } reports { stage } } }`;
const ADD = `mutation($id: ID!, $input: AffectedRecordsInput!) { addAffectedRecords(incidentId: $id, input: $input) { ${SCOPE} } }`;
const FROM_LEDGER = `mutation($id: ID!, $input: ScopeFromLedgerInput!) { addScopeFromLedger(incidentId: $id, input: $input) { ${SCOPE} } }`;
const BY_HOLDING = `mutation($id: ID!, $input: ScopeByHoldingInput!) { addScopeByHolding(incidentId: $id, input: $input) { ${SCOPE} } }`;
const DECIDED = `query($id: ID!) { reportability(incidentId: $id) { basis reportable reasons { rule evidence } exempt exemptionReason clientReports } }`;
const STEP = `mutation($id: ID!, $input: RecordIncidentStepInput!) { recordIncidentStep(incidentId: $id, input: $input) { ${FIELDS} } }`;
const RECORD_REPORT = `mutation($id: ID!, $input: RecordReportInput!) { recordReport(incidentId: $id, input: $input) { id } }`;
const ENCRYPTION = `mutation($id: ID!, $input: IncidentExemptionInput!) { recordIncidentEncryption(incidentId: $id, input: $input) { encryptionExempt } }`;
const CORRECT = `mutation($id: ID!, $input: CorrectIncidentInput!) { correctIncident(incidentId: $id, input: $input) { ${FIELDS} } }`;
const CLIENT_NOTICE = `mutation($id: ID!, $input: ClientNoticeInput!) { recordClientNotice(incidentId: $id, input: $input) { id } }`;
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const READ = `query($id: ID!, $p: String!) { record(id: $id, purpose: $p) { id } }`;

interface Incident {
  id: string;
  number: string;
  stage: string;
  preliminaryDueOn: string;
  preliminaryOverdueOn: string;
  finalDueOn: string;
  finalDueBusinessDay: string;
  title: string | null;
  description: string | null;
}
interface Scope {
  persons: number;
  records: number;
  categoryCodes: string[];
  itemKeys: string[];
  specialCare: boolean;
  financialDamageRisk: boolean;
  entrustedCategoryCodes: string[];
  evidenceSeqs: number[];
}
interface Decided {
  basis: string;
  reportable: boolean;
  reasons: { rule: string; evidence: string }[];
  exempt: boolean;
  exemptionReason: string | null;
  clientReports: boolean;
}

/** Today as the server counts days: in Japan (after 15:00 UTC it is already tomorrow there). */
const TODAY = todayInJapan();
const BASE = {
  title: '人事ファイルの誤送信（山田さん宛）',
  discoveredAt: '2026-11-30T10:00:00+09:00',
  awareAt: '2026-11-30T11:00:00+09:00',
  kind: 'LEAKAGE',
  cause: 'MISDELIVERY',
  wrongfulPurpose: false,
  description: '山田 花子さんの給与明細を別の社員にメール送信した',
  categoryCodes: ['EMPLOYEE'],
  systemCodes: [],
};

/**
 * Incidents (APPI art. 26; PPC Rules 7–8) over GraphQL with different roles: the register and its
 * clocks, the scope three ways (the ledger's only from entries that verify), reportability from
 * what was affected, the contractor path, the hold against the sweeper, bad input.
 */
describe('incidents: register, scope, reportability, clocks', () => {
  let t: TestApp;
  let cpo: string;
  let hr: string;
  let sales: string;
  let auditor: string;
  let support: string;
  let hrUserId: string;
  const employees: { id: string; subjectId: string }[] = [];

  const gql = async <T>(query: string, variables: Record<string, unknown>, token = cpo) => {
    const answer = await t.gql<Record<string, T>>(query, variables, token);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0];
  };
  const errorOf = async (query: string, variables: Record<string, unknown>, token = cpo) =>
    (await t.gql(query, variables, token)).errors?.[0];
  const report = (input: Record<string, unknown>, token = cpo) =>
    gql<Incident>(REPORT, { input: { ...BASE, ...input } }, token);
  const employee = async (n: number, extra: [string, string][] = []) => {
    const created = await gql<{ id: string; subjectId: string }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [
            { key: 'name', value: `社員 ${n}` },
            { key: 'employeeNumber', value: `E-7${n}` },
            ...extra.map(([key, value]) => ({ key, value })),
          ],
        },
      },
      hr,
    );
    employees.push(created!);
    return created;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    const hrLogin = await t.loginAs(Role.HR);
    hr = hrLogin.token;
    hrUserId = hrLogin.user.id;
    sales = (await t.loginAs(Role.SALES)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    support = (await t.loginAs(Role.SUPPORT)).token;
    for (let n = 1; n <= 6; n++) await employee(n);
  });
  afterAll(() => t.close());

  it('takes a department’s report of its own categories, with the clocks stored, texts sealed', async () => {
    const incident = await report({}, hr);
    expect(incident!.number).toMatch(/^I-2026-\d{4}$/);
    expect(incident).toMatchObject({
      stage: 'DETECTED',
      preliminaryDueOn: '2026-12-02',
      preliminaryOverdueOn: '2026-12-04',
      // Day 30 (30 November being day 1) is 29 December, in the year-end closure: the next
      // business day is 4 January.
      finalDueOn: '2026-12-29',
      finalDueBusinessDay: '2027-01-04',
      title: BASE.title,
    });
    const [row] = await t.dataSource.query<{ sealed_title: Buffer; sealed_description: Buffer }[]>(
      `SELECT sealed_title, sealed_description FROM incidents WHERE id = $1`,
      [incident!.id],
    );
    expect(row!.sealed_title.includes(Buffer.from('山田'))).toBe(false);
    expect(row!.sealed_description.includes(Buffer.from('山田'))).toBe(false);
    // The auditor sees dates and codes, never the texts; SALES does not see HR's incident.
    const asAuditor = await gql<Incident>(GET, { id: incident!.id }, auditor);
    expect(asAuditor).toMatchObject({ number: incident!.number, title: null, description: null });
    expect((await errorOf(GET, { id: incident!.id }, sales))?.extensions?.code).toBe('NOT_FOUND');
    // The CPO's investigation notes are the CPO's: the reporter sees the step, not its note.
    await gql(STEP, {
      id: incident!.id,
      input: {
        stage: 'CONTAINED',
        note: '送信先の佐藤さんに削除を依頼',
        actedAt: new Date().toISOString(),
      },
    });
    const asReporter = await gql<Incident & { steps: { note: string | null }[] }>(
      GET,
      { id: incident!.id },
      hr,
    );
    expect(asReporter!.title).toBe(BASE.title);
    expect(asReporter!.steps.map((x) => x.note)).toEqual([null]);
    const asCpo = await gql<{ steps: { note: string | null }[] }>(GET, { id: incident!.id });
    expect(asCpo!.steps.map((x) => x.note)).toEqual(['送信先の佐藤さんに削除を依頼']);
    await t.sealLedger();
    const entries = await t.ledgerRows(`target_id = $1`, [incident!.id]);
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['INCIDENT_REPORTED', 'INCIDENT_REPORTABILITY', 'READ']),
    );
    // Each opening of the texts and of the notes is a look of its own.
    const opened = entries
      .filter((e) => e.action === 'READ')
      .map((e) => (e.fields as string[]).join());
    expect(opened).toEqual(expect.arrayContaining(['title,description', 'steps.note']));
    expect(JSON.stringify(entries)).not.toContain('山田');
    // Asked without the texts, nothing is opened, and no look is recorded that did not happen.
    const textLooks = (fields: string[]) =>
      fields.filter((f) => f === 'title,description' || f === 'steps.note');
    const looksBefore = textLooks(opened).length;
    const bare = await t.gql(
      `query($id: ID!) { incident(id: $id) { id stage steps { stage } } }`,
      { id: incident!.id },
      cpo,
    );
    expect(bare.errors).toBeUndefined();
    const listed = await t.gql(`{ incidents(first: 100) { edges { node { id } } } }`, {}, cpo);
    expect(listed.errors).toBeUndefined();
    await t.sealLedger();
    const looksAfter = textLooks(
      (await t.ledgerRows(`target_id = $1 AND action = 'READ'`, [incident!.id])).map((e) =>
        (e.fields as string[]).join(),
      ),
    );
    expect(looksAfter).toHaveLength(looksBefore);
  });

  it('refuses bad input by name and writes nothing', async () => {
    const before = await t.count('incidents');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ awareAt: '2026-11-29T10:00:00+09:00' }, cpo, 'BAD_USER_INPUT'],
      [{ awareAt: '2099-01-01T00:00:00Z' }, cpo, 'BAD_USER_INPUT'],
      [{ discoveredAt: '2026-02-30T00:00:00Z' }, cpo, 'BAD_USER_INPUT'],
      [{ categoryCodes: ['NO_SUCH_CATEGORY'] }, cpo, 'BAD_USER_INPUT'],
      [{ categoryCodes: [] }, cpo, 'BAD_USER_INPUT'],
      [{ categoryCodes: ['WEB_INQUIRY'] }, hr, 'FORBIDDEN'],
      // A code-shaped phone number: refused as unknown before any refusal could record it.
      [{ categoryCodes: ['TEL_09012345678'] }, hr, 'BAD_USER_INPUT'],
      // Registers are numbered from 2000: an earlier date is named, not a 500.
      [
        { discoveredAt: '1999-06-01T00:00:00Z', awareAt: '1999-06-01T00:00:00Z' },
        cpo,
        'BAD_USER_INPUT',
      ],
      [{ kind: 'THEFT' }, cpo, 'BAD_USER_INPUT'],
      // Unauthorised access is wrongful by nature (PPC guidelines): saying otherwise is refused.
      [{ cause: 'UNAUTHORIZED_ACCESS', wrongfulPurpose: false }, cpo, 'BAD_USER_INPUT'],
    ];
    for (const [input, token, code] of cases) {
      const error = await errorOf(REPORT, { input: { ...BASE, ...input } }, token);
      expect([JSON.stringify(input), error?.extensions?.code]).toEqual([
        JSON.stringify(input),
        code,
      ]);
    }
    expect(await t.count('incidents')).toBe(before);
    expect(await t.ledgerRows(`category_code = 'TEL_09012345678'`)).toHaveLength(0);
    // Only the columns a refusal writes from input (random ids may hold any digits).
    const denied = await t.ledgerRows(`action = 'DENIED'`);
    expect(JSON.stringify(denied.map((e) => [e.category_code, e.details]))).not.toContain(
      '09012345678',
    );
  });

  it("treats an incident's key file as no person: not found for erasure or a footprint", async () => {
    const incident = await report({});
    const [{ file_id: fileId }] = await t.dataSource.query<[{ file_id: string }]>(
      `SELECT file_id FROM incidents WHERE id = $1`,
      [incident!.id],
    );
    const erase = await errorOf(
      `mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "x") { id } }`,
      { s: fileId },
    );
    expect(erase?.extensions?.code).toBe('NOT_FOUND');
    const footprint = await errorOf(
      `query($s: ID!) { subjectFootprint(subjectId: $s) { subject { id } } }`,
      {
        s: fileId,
      },
    );
    expect(footprint?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql<Incident>(GET, { id: incident!.id }))!.title).toBe(BASE.title);
  });

  it('decides Rule 7 from what the scope holds, explained, and decides again as it grows', async () => {
    const incident = await report({});
    const ordinary = employees[0];
    let scope = await gql<Scope>(ADD, { id: incident!.id, input: { recordIds: [ordinary!.id] } });
    expect(scope).toMatchObject({ persons: 1, records: 1, specialCare: false });
    expect(scope!.itemKeys).toEqual(['employeeNumber', 'name']);
    expect(await gql<Decided>(DECIDED, { id: incident!.id })).toMatchObject({
      reportable: false,
      reasons: [],
    });
    const paid = await employee(7, [['bankAccount', '三菱UFJ 1234567']]);
    scope = await gql<Scope>(ADD, { id: incident!.id, input: { subjectIds: [paid!.subjectId] } });
    expect(scope).toMatchObject({ persons: 2, financialDamageRisk: true });
    const decided = await gql<Decided>(DECIDED, { id: incident!.id });
    expect(decided!.reportable).toBe(true);
    expect(decided!.reasons.map((r) => r.rule)).toEqual(['FINANCIAL_DAMAGE']);
    // Encrypted with the key safe: exempt, with the reason.
    await gql(ENCRYPTION, {
      id: incident!.id,
      input: {
        highGradeEncryption: true,
        keyLeaked: false,
        note: 'AES-256 のファイル、鍵は別送せず',
      },
    });
    const exempted = await gql<Decided>(DECIDED, { id: incident!.id });
    expect(exempted).toMatchObject({ reportable: false, exempt: true });
    expect(exempted!.exemptionReason).toContain('high-grade encryption');
    await t.sealLedger();
    const decisions = await t.ledgerRows(`action = 'INCIDENT_REPORTABILITY' AND target_id = $1`, [
      incident!.id,
    ]);
    // Reported with no scope, EMPLOYEE's bank account "may have" been involved (Rule 7 counts
    // what may have leaked); the scope decides from then on.
    expect(
      decisions.map((d) => {
        const { basis, reportable } = d.details as { basis: string; reportable: boolean };
        return `${basis}:${reportable}`;
      }),
    ).toEqual(['DECLARED_CATEGORIES:true', 'SCOPE:false', 'SCOPE:true', 'SCOPE:false']);
    // Unknown ids are named, nothing added.
    const unknown = await errorOf(ADD, {
      id: incident!.id,
      input: { recordIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(unknown?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await errorOf(ADD, { id: incident!.id, input: { recordIds: [] } }, hr))?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('closes only with a scope or the finding that no personal data was affected', async () => {
    const incident = await report({});
    expect(await gql<Decided>(DECIDED, { id: incident!.id })).toMatchObject({
      basis: 'DECLARED_CATEGORIES',
      reportable: true,
    });
    const at = () => new Date().toISOString();
    const close = { stage: 'CLOSED', note: '調査終了', actedAt: at() };
    const refused = await errorOf(STEP, { id: incident!.id, input: close });
    expect(refused?.extensions?.code).toBe('CONFLICT');
    expect(refused?.message).toContain('noPersonalDataAffected');
    // The finding belongs to the investigation, not to containment.
    const early = await errorOf(STEP, {
      id: incident!.id,
      input: { stage: 'CONTAINED', note: '封じ込め', actedAt: at(), noPersonalDataAffected: true },
    });
    expect(early?.extensions?.code).toBe('BAD_USER_INPUT');
    await gql(STEP, {
      id: incident!.id,
      input: {
        stage: 'INVESTIGATED',
        note: '宛先は社内の別部署で未開封',
        actedAt: at(),
        noPersonalDataAffected: true,
      },
    });
    expect(await gql<Decided>(DECIDED, { id: incident!.id })).toMatchObject({
      basis: 'NO_PERSONAL_DATA',
      reportable: false,
      reasons: [],
    });
    // Records found affected afterwards overturn the finding; the scope decides again.
    await gql<Scope>(ADD, { id: incident!.id, input: { recordIds: [employees[2]!.id] } });
    expect(await gql<Decided>(DECIDED, { id: incident!.id })).toMatchObject({ basis: 'SCOPE' });
    const [row] = await t.dataSource.query<{ found: string | null }[]>(
      `SELECT no_personal_data_found_on AS found FROM incidents WHERE id = $1`,
      [incident!.id],
    );
    expect(row?.found).toBeNull();
    // The finding cannot be made while the scope holds someone.
    const contradicted = await errorOf(STEP, {
      id: incident!.id,
      input: { ...close, noPersonalDataAffected: true },
    });
    expect(contradicted?.extensions?.code).toBe('CONFLICT');
    const closed = await gql<Incident>(STEP, { id: incident!.id, input: close });
    expect(closed!.stage).toBe('CLOSED');
    // Another closes on the finding alone, recorded in the same step.
    const other = await report({});
    const done = await gql<Incident>(STEP, {
      id: other!.id,
      input: { ...close, noPersonalDataAffected: true },
    });
    expect(done!.stage).toBe('CLOSED');
  });

  it('corrects when the company became aware and the wrongful purpose, and runs the clocks again', async () => {
    const incident = await report({});
    expect(incident).toMatchObject({ preliminaryDueOn: '2026-12-02', finalDueOn: '2026-12-29' });
    const later = await gql<Incident>(CORRECT, {
      id: incident!.id,
      input: { awareAt: '2026-12-01T10:00:00+09:00' },
    });
    expect(later).toMatchObject({ preliminaryDueOn: '2026-12-03', finalDueOn: '2026-12-30' });
    // Found to be an insider's doing: the cause and the purpose together, 60 days.
    const wrongful = await gql<Incident & { wrongfulPurpose: boolean }>(CORRECT, {
      id: incident!.id,
      input: { cause: 'INSIDER_MISUSE', wrongfulPurpose: true },
    });
    expect(wrongful).toMatchObject({ wrongfulPurpose: true, finalDueOn: '2027-01-29' });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ wrongfulPurpose: false }, cpo, 'BAD_USER_INPUT'],
      [{ awareAt: '2026-11-29T10:00:00+09:00' }, cpo, 'BAD_USER_INPUT'],
      [{ awareAt: '2099-01-01T00:00:00Z' }, cpo, 'BAD_USER_INPUT'],
      [{}, cpo, 'BAD_USER_INPUT'],
      // Once a correction of nothing: a new version and an entry, no change.
      [{ awareAt: null, cause: null, wrongfulPurpose: null }, cpo, 'BAD_USER_INPUT'],
      [{ cause: 'OTHER', wrongfulPurpose: false }, hr, 'FORBIDDEN'],
    ];
    for (const [input, token, code] of cases) {
      const error = await errorOf(CORRECT, { id: incident!.id, input }, token);
      expect([JSON.stringify(input), error?.extensions?.code]).toEqual([
        JSON.stringify(input),
        code,
      ]);
    }
    expect((await gql<Incident>(GET, { id: incident!.id }))!.finalDueOn).toBe('2027-01-29');
    // Once a report went to the PPC, awareness moves earlier only: later would make the clocks
    // it was judged by run later.
    await gql(RECORD_REPORT, {
      id: incident!.id,
      input: { stage: 'PRELIMINARY', submittedOn: TODAY, channel: 'PPC_ONLINE_FORM' },
    });
    const moved = await errorOf(CORRECT, {
      id: incident!.id,
      input: { awareAt: '2026-12-01T12:00:00+09:00' },
    });
    expect(moved?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(moved?.message).toContain('only move earlier');
    expect((await gql<Incident>(GET, { id: incident!.id }))!.finalDueOn).toBe('2027-01-29');
    // So may a wrongful purpose found after a report: 30 days becoming 60 is a later deadline.
    const reported = await report({});
    await gql(RECORD_REPORT, {
      id: reported!.id,
      input: { stage: 'PRELIMINARY', submittedOn: TODAY, channel: 'PPC_ONLINE_FORM' },
    });
    const found = await errorOf(CORRECT, {
      id: reported!.id,
      input: { cause: 'INSIDER_MISUSE', wrongfulPurpose: true },
    });
    expect(found?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql<Incident>(GET, { id: reported!.id }))!.finalDueOn).toBe('2026-12-29');
    await t.sealLedger();
    const corrections = await t.ledgerRows(`action = 'INCIDENT_CORRECTED' AND target_id = $1`, [
      incident!.id,
    ]);
    expect(corrections.map((c) => c.details)).toEqual([
      expect.objectContaining({ cause: 'MISDELIVERY', finalDueOn: '2026-12-30' }),
      expect.objectContaining({
        cause: 'INSIDER_MISUSE',
        previousCause: 'MISDELIVERY',
        wrongfulPurpose: true,
        finalDueOn: '2027-01-29',
      }),
    ]);
  });

  it('gives a wrongful purpose 60 days and makes one person reportable', async () => {
    const incident = await report({ cause: 'INSIDER_MISUSE', wrongfulPurpose: true });
    expect(incident!.finalDueOn).toBe('2027-01-28');
    await gql<Scope>(ADD, { id: incident!.id, input: { recordIds: [employees[1]!.id] } });
    const decided = await gql<Decided>(DECIDED, { id: incident!.id });
    expect(decided).toMatchObject({ reportable: true });
    expect(decided!.reasons.map((r) => r.rule)).toEqual(['WRONGFUL_PURPOSE']);
    // A reportable incident closes only after its final report, which follows the preliminary.
    const close = { stage: 'CLOSED', note: '対応完了', actedAt: new Date().toISOString() };
    expect((await errorOf(STEP, { id: incident!.id, input: close }))?.extensions?.code).toBe(
      'CONFLICT',
    );
    const final = { stage: 'FINAL', submittedOn: TODAY, channel: 'PPC_ONLINE_FORM' };
    expect(
      (await errorOf(RECORD_REPORT, { id: incident!.id, input: final }))?.extensions?.code,
    ).toBe('CONFLICT');
    await gql(RECORD_REPORT, { id: incident!.id, input: { ...final, stage: 'PRELIMINARY' } });
    await gql(RECORD_REPORT, { id: incident!.id, input: final });
    const closed = await gql<Incident>(STEP, { id: incident!.id, input: close });
    expect(closed!.stage).toBe('CLOSED');
  });

  it('takes from the ledger exactly what an account read in a window, and refuses a tampered window', async () => {
    const readAs = async (record: { id: string }) =>
      gql(READ, { id: record.id, p: 'PERSONNEL_ADMIN' }, hr);
    const [a, b, c, d, e] = employees as [
      (typeof employees)[0],
      (typeof employees)[0],
      (typeof employees)[0],
      (typeof employees)[0],
      (typeof employees)[0],
    ];
    const from = new Date();
    for (const r of [a, b, c]) await readAs(r);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const to = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const r of [d, e]) await readAs(r);
    await t.sealLedger();
    const incident = await report({ cause: 'UNAUTHORIZED_ACCESS', wrongfulPurpose: true });
    const window = { actorId: hrUserId, from: from.toISOString(), to: to.toISOString() };
    const scope = await gql<Scope>(FROM_LEDGER, { id: incident!.id, input: window });
    expect(scope).toMatchObject({ persons: 3, records: 3, categoryCodes: ['EMPLOYEE'] });
    const persons = await t.dataSource.query<{ subject_id: string }[]>(
      `SELECT subject_id FROM incident_scope WHERE incident_id = $1 ORDER BY subject_id`,
      [incident!.id],
    );
    expect(persons.map((p) => p.subject_id)).toEqual([a, b, c].map((r) => r.subjectId).sort());
    expect(scope!.evidenceSeqs).toHaveLength(3);
    // A window before the ledger began, and an account nobody has, are refused by name.
    const early = await errorOf(FROM_LEDGER, {
      id: incident!.id,
      input: { ...window, from: '2000-01-01T00:00:00Z' },
    });
    expect(early?.extensions?.code).toBe('BAD_USER_INPUT');
    // One entry in the window altered: the computation refuses and points at verification.
    const [seq] = scope!.evidenceSeqs;
    await asSuperuserAttacker(t, [
      `UPDATE ledger_entries SET fields = ARRAY['name'] WHERE seq = ${seq}`,
    ]);
    const other = await report({ cause: 'UNAUTHORIZED_ACCESS', wrongfulPurpose: true });
    const refused = await errorOf(FROM_LEDGER, { id: other!.id, input: window });
    expect(refused?.extensions?.code).toBe('CONFLICT');
    expect(refused?.message).toContain('verifyLedger');
    // An exemption for encryption at rest does not survive what an account read in clear.
    const exempted = await report({ cause: 'LOSS_OF_MEDIUM' });
    await gql(ENCRYPTION, {
      id: exempted!.id,
      input: { highGradeEncryption: true, keyLeaked: false, note: '暗号化済みの媒体' },
    });
    const laterWindow = { actorId: hrUserId, from: to.toISOString(), to: new Date().toISOString() };
    await gql<Scope>(FROM_LEDGER, { id: exempted!.id, input: laterWindow });
    expect(await gql<Decided>(DECIDED, { id: exempted!.id })).toMatchObject({ exempt: false });
    expect(
      await t.dataSource.query(`SELECT 1 FROM incident_scope WHERE incident_id = $1`, [other!.id]),
    ).toHaveLength(0);
  });

  it('takes every record of a category held over a period (the lost paper files)', async () => {
    const incident = await report({ kind: 'LOSS', cause: 'LOSS_OF_MEDIUM' });
    const period = { from: '2026-01-01T00:00:00Z', to: new Date().toISOString() };
    const scope = await gql<Scope>(BY_HOLDING, {
      id: incident!.id,
      input: { categoryCode: 'EMPLOYEE', ...period },
    });
    const [{ n }] = await t.dataSource.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM personal_records WHERE category_code = 'EMPLOYEE'
          AND (disposed_at IS NULL OR disposed_at >= $1)`,
      [period.from],
    );
    expect(scope).toMatchObject({ records: n, categoryCodes: ['EMPLOYEE'] });
    expect(scope!.persons).toBeGreaterThanOrEqual(7);
    // Before anything was collected: nothing; both or neither of category and system: refused.
    const early = await gql<Scope>(BY_HOLDING, {
      id: (await report({}))!.id,
      input: { categoryCode: 'EMPLOYEE', from: '2020-01-01T00:00:00Z', to: '2020-12-31T00:00:00Z' },
    });
    expect(early!.records).toBe(0);
    const both = await errorOf(BY_HOLDING, {
      id: incident!.id,
      input: { categoryCode: 'EMPLOYEE', systemCode: 'HR_SYSTEM', ...period },
    });
    expect(both?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('holds the scope from the sweeper while open, and lets it go when closed', async () => {
    const incident = await report({});
    // A person in no other open incident's scope (the lost files above hold every earlier one).
    const held = await employee(8);
    await gql<Scope>(ADD, { id: incident!.id, input: { recordIds: [held!.id] } });
    await t.dataSource.query(
      `UPDATE personal_records SET retention_due_at = now() - interval '1 day' WHERE id = $1`,
      [held!.id],
    );
    await t.sealLedger();
    const holds = await t.ledgerRows(`action = 'LEGAL_HOLD' AND subject_id = $1`, [
      held!.subjectId,
    ]);
    expect(holds.map((h) => [h.purpose_code, h.details])).toEqual([
      ['INCIDENT_RESPONSE', { incident: incident!.id }],
    ]);
    const sweep = await t.app.get(RetentionService).run({ dryRun: false });
    expect(sweep.held).toBeGreaterThanOrEqual(1);
    const status = async () =>
      (
        await t.dataSource.query<{ status: string }[]>(
          `SELECT status FROM personal_records WHERE id = $1`,
          [held!.id],
        )
      )[0]!.status;
    expect(await status()).toBe('ACTIVE');
    await gql(STEP, {
      id: incident!.id,
      input: { stage: 'CLOSED', note: '誤送信先で削除を確認', actedAt: new Date().toISOString() },
    });
    await t.app.get(RetentionService).run({ dryRun: false });
    expect(await status()).toBe('DISPOSED');
  });

  it('as the contractor, says the client reports, and records the notice to the client', async () => {
    const created = await gql<{ id: string; subjectId: string }>(
      CREATE,
      {
        input: {
          categoryCode: 'ENTRUSTED_SYSDEV',
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'client test data',
          consentRef: 'client contract',
          values: [{ key: 'name', value: '委託 次郎' }],
        },
      },
      support,
    );
    const incident = await report(
      { categoryCodes: ['ENTRUSTED_SYSDEV'], cause: 'LOSS_OF_MEDIUM', kind: 'LOSS' },
      support,
    );
    const noClient = await report({});
    const client = await t.gql(
      `mutation($input: CreateRecipientInput!) { createRecipient(input: $input) { code } }`,
      {
        input: {
          code: 'CLIENT_DEV_WORKS',
          name: { ja: '開発業務の委託元', en: 'Development client' },
          kind: 'CLIENT',
          recipientType: { ja: '委託元', en: 'Client' },
          provisionRule: { ja: '委託元の指示に従う', en: 'As the client instructs' },
        },
      },
      cpo,
    );
    expect(client.errors).toBeUndefined();
    const notice = {
      recipientCode: 'CLIENT_DEV_WORKS',
      notifiedAt: new Date().toISOString(),
      method: 'EMAIL',
    };
    expect(
      (await errorOf(CLIENT_NOTICE, { id: noClient!.id, input: notice }))?.extensions?.code,
    ).toBe('CONFLICT');
    const scope = await gql<Scope>(ADD, { id: incident!.id, input: { recordIds: [created!.id] } });
    expect(scope!.entrustedCategoryCodes).toEqual(['ENTRUSTED_SYSDEV']);
    expect(await gql<Decided>(DECIDED, { id: incident!.id })).toMatchObject({
      clientReports: true,
    });
    // Only a client is notified as one: a third party of the catalog is refused by name.
    const thirdParty = await errorOf(CLIENT_NOTICE, {
      id: incident!.id,
      input: { ...notice, recipientCode: 'CLIENT_SYSTEM_COMPANY' },
    });
    expect(thirdParty?.extensions?.code).toBe('BAD_USER_INPUT');
    await gql(CLIENT_NOTICE, { id: incident!.id, input: notice });
    const seen = await gql<{ clientNotices: { recipientCode: string; method: string }[] }>(
      `query($id: ID!) { incident(id: $id) { clientNotices { recipientCode method } } }`,
      { id: incident!.id },
      support,
    );
    expect(seen!.clientNotices).toEqual([{ recipientCode: 'CLIENT_DEV_WORKS', method: 'EMAIL' }]);
    // A reportable contractor incident closes once the client was told: the client reports.
    const wrongful = await report(
      { categoryCodes: ['ENTRUSTED_SYSDEV'], cause: 'INSIDER_MISUSE', wrongfulPurpose: true },
      support,
    );
    await gql<Scope>(ADD, { id: wrongful!.id, input: { recordIds: [created!.id] } });
    expect(await gql<Decided>(DECIDED, { id: wrongful!.id })).toMatchObject({
      reportable: true,
      clientReports: true,
    });
    const close = { stage: 'CLOSED', note: '委託元へ引継ぎ', actedAt: new Date().toISOString() };
    expect((await errorOf(STEP, { id: wrongful!.id, input: close }))?.extensions?.code).toBe(
      'CONFLICT',
    );
    await gql(CLIENT_NOTICE, { id: wrongful!.id, input: notice });
    expect((await gql<Incident>(STEP, { id: wrongful!.id, input: close }))!.stage).toBe('CLOSED');
  });
});
