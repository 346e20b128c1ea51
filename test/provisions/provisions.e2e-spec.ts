import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { ROOT, serverBuild } from '../harness/server-build';
import { Role, TestApp } from '../harness/test-app';
import { cliOperator } from '../../apps/cli/src/cli-operator';

const TODAY = DateTime.now().setZone('Asia/Tokyo').toISODate()!;
const IN_THREE_YEARS = DateTime.fromISO(TODAY).plus({ years: 3 }).toISODate()!;
const TOMORROW = DateTime.fromISO(TODAY).plus({ days: 1 }).toISODate()!;
const BADGE_ITEMS = ['name', 'department', 'position', 'phone', 'faceImage', 'qualifications'];

const PROVISION_FIELDS = `id route status art29Required retainUntil items categoryCodes collective correctsId
  recipient { name address representative country abroad }
  handOffs { handedOn method personInCharge subjectIds } approval { decision decidedBy }`;
const RECORD_PROVISION = `mutation($input: RecordProvisionInput!) { recordProvision(input: $input) { ${PROVISION_FIELDS} } }`;

interface Provision {
  id: string;
  route: string;
  status: string;
  art29Required: boolean;
  retainUntil: string;
  items: string[];
  handOffs: { handedOn: string; method: string; subjectIds: string[] }[];
  approval: { decision: string } | null;
}

/**
 * Issue 6 end to end, the server running as a member of daicho_app (insert-only records): the
 * badge hand-off, every refusal writing nothing, the CPO's approval of exception routes, collective
 * records and corrections, receipts, entrustment under contracts and their supervision, exports.
 */
describe('provision, receipt and entrustment: every hand-off recorded (APPI arts. 25–30)', () => {
  let t: TestApp;
  let admin: Client;
  const role = `daicho_t_prov_${randomBytes(4).toString('hex')}`;
  const tokens = new Map<Role, string>();
  let clientCompany: string;
  let contractor: string;
  const employees: string[] = [];
  let applicant: string;

  const as = (r: Role) => tokens.get(r)!;
  const gql = <T = Record<string, unknown>>(r: Role, query: string, variables = {}) =>
    t.gql<T>(query, variables, as(r));
  const counts = async () => {
    const tables = [
      'provisions',
      'hand_offs',
      'provision_subjects',
      'provision_approvals',
      'receipts',
      'entrustments',
      'entrustment_subjects',
      'consents',
    ];
    const out: Record<string, number> = {};
    for (const table of tables) out[table] = await t.count(table);
    await t.sealLedger();
    out.entries = (await t.ledgerRows(`action <> 'DENIED'`)).length;
    return out;
  };
  const employee = async (n: number) => {
    const res = await gql<{ createRecord: { subjectId: string } }>(
      Role.HR,
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }`,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'consent-form-2026',
          values: [
            { key: 'name', value: `社員 ${n}` },
            { key: 'department', value: 'Systems' },
            { key: 'position', value: 'Engineer' },
            { key: 'phone', value: `03-1234-000${n}` },
            { key: 'qualifications', value: 'IPA FE' },
          ],
        },
      },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createRecord.subjectId;
  };
  const consent = (subjectId: string, ruleCode = 'EMPLOYEE_ENTRANCE_APPROVAL') =>
    gql<{ recordConsent: { id: string } }>(
      Role.HR,
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
      {
        input: {
          subjectId,
          ruleCode,
          givenAt: '2026-04-01T09:00:00+09:00',
          evidence: 'consent form signed at hiring',
        },
      },
    );
  const badge = (
    subjectIds: string[],
    extra: Record<string, unknown> = {},
    handOff: Record<string, unknown> = {},
  ) => ({
    input: {
      ruleCode: 'EMPLOYEE_ENTRANCE_APPROVAL',
      partyId: clientCompany,
      items: BADGE_ITEMS,
      handOff: { subjectIds, handedOn: TODAY, method: 'HAND_DELIVERY', ...handOff },
      ...extra,
    },
  });

  beforeAll(async () => {
    const boot = await TestApp.start();
    // A login role that is a member of daicho_app: the server gets exactly the runtime grants.
    // Roles are cluster-wide: the harness's admin connection, not this test's database.
    admin = new Client({ connectionString: process.env.DAICHO_TEST_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} IN ROLE daicho_app`);
    const { database, dataDir } = await boot.stop();
    t = await TestApp.start(
      { DAICHO_DATA_DIR: dataDir },
      { database, databaseUser: { name: role, password: 'prov-test-password' } },
    );
    for (const r of [Role.HR, Role.SALES, Role.CPO, Role.AUDITOR])
      tokens.set(r, (await t.loginAs(r)).token);
    const party = await gql<{ createParty: { id: string; abroad: boolean } }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { id abroad } }`,
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
    if (!party.data) throw new Error(JSON.stringify(party.errors));
    clientCompany = party.data.createParty.id;
    expect(party.data.createParty.abroad).toBe(false);
    const contractorParty = await gql<{ createParty: { id: string } }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
      {
        input: {
          kind: 'CONTRACTOR',
          name: '給与計算サービス株式会社',
          address: '大阪府大阪市北区梅田1-1',
          representative: '代表取締役 山本 花子',
          country: 'JP',
          partyType: 'payroll processor',
        },
      },
    );
    contractor = contractorParty.data!.createParty.id;
    for (let n = 1; n <= 4; n++) employees.push(await employee(n));
    for (const subjectId of employees.slice(0, 3))
      expect((await consent(subjectId)).errors).toBeUndefined();
    const app = await gql<{ createRecord: { subjectId: string } }>(
      Role.HR,
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }`,
      {
        input: {
          categoryCode: 'APPLICANT',
          collectedAt: '2026-10-01T00:00:00Z',
          source: 'application form',
          values: [{ key: 'name', value: '応募 者' }],
        },
      },
    );
    applicant = app.data!.createRecord.subjectId;
  });

  afterAll(async () => {
    await t?.close();
    await admin?.query(`DROP ROLE IF EXISTS ${role}`);
    await admin?.end();
  });

  it('loads the policy’s standing rule with the catalog', async () => {
    const rules = await gql<{
      provisionRules: {
        code: string;
        route: string;
        items: string[];
        methods: string[];
        recipientCode: string;
      }[];
    }>(Role.HR, `{ provisionRules { code route items methods recipientCode } }`);
    expect(rules.data?.provisionRules).toEqual([
      {
        code: 'EMPLOYEE_ENTRANCE_APPROVAL',
        route: 'CONSENT',
        items: ['name', 'department', 'position', 'phone', 'email', 'faceImage', 'qualifications'],
        methods: ['HAND_DELIVERY'],
        recipientCode: 'CLIENT_SYSTEM_COMPANY',
      },
    ]);
  });

  it('records the badge hand-off of three employees: three PROVIDE entries, the art. 29 record, each footprint', async () => {
    const res = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${as(Role.HR)}`)
      .send({ query: RECORD_PROVISION, variables: badge(employees.slice(0, 3)) });
    const requestId = res.headers['x-request-id']; // the server's (issue 11.7)
    const body = res.body as { data?: { recordProvision: Provision }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const provision = body.data!.recordProvision;
    expect(provision).toMatchObject({
      route: 'CONSENT',
      status: 'RECORDED',
      art29Required: true,
      retainUntil: IN_THREE_YEARS,
      items: BADGE_ITEMS,
      recipient: {
        name: '株式会社サンプルシステムズ',
        address: '東京都港区芝公園1-1-1',
        representative: '代表取締役 佐藤 一郎',
        country: 'JP',
        abroad: false,
      },
    });
    expect(provision.handOffs).toHaveLength(1);
    expect(provision.handOffs[0]).toMatchObject({ handedOn: TODAY, method: 'HAND_DELIVERY' });
    expect([...provision.handOffs[0].subjectIds].sort()).toEqual(employees.slice(0, 3).sort());

    await t.sealLedger();
    // Three PROVIDE entries, and the record returned to the caller is a READ of it.
    const written = await t.ledgerRows('request_id = $1', [requestId]);
    expect(written.map((e) => e.action)).toEqual(['PROVIDE', 'PROVIDE', 'PROVIDE', 'READ']);
    const entries = written.filter((e) => e.action === 'PROVIDE');
    expect(entries.map((e) => e.subject_id).sort()).toEqual(employees.slice(0, 3).sort());
    for (const e of entries) {
      expect(e).toMatchObject({
        target_id: provision.id,
        category_code: 'EMPLOYEE',
        actor_role: 'HR',
        fields: BADGE_ITEMS,
      });
    }
    expect(JSON.stringify(entries)).not.toContain('社員');

    // The art. 29 record: XLSX and CSV parse back with the hand-off and its three persons.
    const xlsx = await t.http
      .get(`/exports/provisions.xlsx?from=${TODAY}&to=${TODAY}&lang=en`)
      .set('authorization', `Bearer ${as(Role.AUDITOR)}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = workbook.getWorksheet('Provisions (art. 29)')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const rows = sheet
      .getSheetValues()
      .slice(2)
      .map((r) => Object.fromEntries(header.map((h, i) => [h, (r as unknown[])[i + 1]])));
    const row = rows.find((r) => r['Record id'] === provision.id)!;
    expect(row).toMatchObject({
      'Date provided': TODAY,
      Recipient: '株式会社サンプルシステムズ',
      Address: '東京都港区芝公園1-1-1',
      Representative: '代表取締役 佐藤 一郎',
      "Person's consent": 'yes',
      Persons: 3,
      'Items provided': 'Name, Department, Position, Telephone number, Face image, Qualifications',
      Method: 'Hand delivery',
    });
    expect(String(row['Persons (pseudonymous ids)']).split('\n').sort()).toEqual(
      employees.slice(0, 3).sort(),
    );
    const csv = await t.http
      .get(`/exports/provisions.csv?lang=ja`)
      .set('authorization', `Bearer ${as(Role.CPO)}`);
    expect(csv.status).toBe(200);
    const parsed = parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), {
      columns: true,
    });
    expect(parsed.find((r) => r['記録ID'] === provision.id)).toMatchObject({
      提供年月日: TODAY,
      人数: '3',
      本人の同意: 'あり',
    });

    // Each person's footprint shows the hand-off; their own record request shows only them.
    for (const subjectId of employees.slice(0, 3)) {
      const footprint = await gql<{
        subjectFootprint: {
          handOffs: { kind: string; recordId: string; counterpart: string; status: string }[];
        };
      }>(
        Role.CPO,
        `query($id: ID!) { subjectFootprint(subjectId: $id) { handOffs { kind recordId counterpart status } } }`,
        { id: subjectId },
      );
      expect(footprint.data?.subjectFootprint.handOffs).toEqual([
        {
          kind: 'PROVISION',
          recordId: provision.id,
          counterpart: '株式会社サンプルシステムズ',
          status: 'RECORDED',
        },
      ]);
    }
    const own = await gql<{
      provisionRecordsForSubject: { provisions: { handOffs: { subjectIds: string[] }[] }[] };
    }>(
      Role.CPO,
      `query($id: ID!) { provisionRecordsForSubject(subjectId: $id) { provisions { handOffs { subjectIds } } receipts { id } } }`,
      { id: employees[0] },
    );
    expect(own.data?.provisionRecordsForSubject.provisions[0].handOffs).toEqual([
      { subjectIds: [employees[0]] },
    ]);
  });

  it('refuses every hand-off outside the rule, the consent or the role, and writes nothing', async () => {
    const before = await counts();
    const cases: [string, Role, Record<string, unknown>, string][] = [
      [
        'an item outside the rule',
        Role.HR,
        badge(employees.slice(0, 1), { items: ['name', 'myNumber'] }),
        'BAD_USER_INPUT',
      ],
      ['a subject the rule does not cover', Role.HR, badge([applicant]), 'BAD_USER_INPUT'],
      ['a subject without consent', Role.HR, badge([employees[0], employees[3]]), 'BAD_USER_INPUT'],
      [
        'a method the rule does not allow',
        Role.HR,
        badge(employees.slice(0, 1), {}, { method: 'EMAIL' }),
        'BAD_USER_INPUT',
      ],
      [
        'a hand-off in the future',
        Role.HR,
        badge(employees.slice(0, 1), {}, { handedOn: TOMORROW }),
        'BAD_USER_INPUT',
      ],
      [
        'a contractor as recipient',
        Role.HR,
        badge(employees.slice(0, 1), { partyId: contractor }),
        'BAD_USER_INPUT',
      ],
      ['the same subject twice', Role.HR, badge([employees[0], employees[0]]), 'BAD_USER_INPUT'],
      [
        'a role that may not provide employees',
        Role.SALES,
        badge(employees.slice(0, 1)),
        'FORBIDDEN',
      ],
      ['the auditor', Role.AUDITOR, badge(employees.slice(0, 1)), 'FORBIDDEN'],
    ];
    for (const [what, r, variables, code] of cases) {
      const res = await gql(r, RECORD_PROVISION, variables);
      expect({ what, code: res.errors?.[0].extensions?.code }).toEqual({ what, code });
      expect(res.errors?.[0].message).not.toMatch(/社員|03-1234/);
    }
    expect(await counts()).toEqual(before);
    await t.sealLedger();
    const denied = await t.ledgerRows(
      `action = 'DENIED' AND actor_role = 'SALES' AND details->>'operation' = 'create Provision'`,
    );
    expect(denied).toHaveLength(1);

    // A withdrawn consent no longer carries a hand-off.
    const list = await gql<{ consents: { id: string }[] }>(
      Role.HR,
      `query($s: ID!) { consents(subjectId: $s) { id } }`,
      { s: employees[2] },
    );
    await t.sealLedger();
    expect(
      await t.ledgerRows(`action = 'READ' AND target_type = 'Consent' AND subject_id = $1`, [
        employees[2],
      ]),
    ).toHaveLength(1);
    const withdrawn = await gql(
      Role.HR,
      `mutation($id: ID!, $at: DateTime!) { withdrawConsent(id: $id, withdrawnAt: $at) { withdrawnAt } }`,
      {
        id: list.data!.consents[0].id,
        at: new Date().toISOString(),
      },
    );
    expect(withdrawn.errors).toBeUndefined();
    const after = await gql(Role.HR, RECORD_PROVISION, badge([employees[2]]));
    expect(after.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(after.errors?.[0].message).toContain('has no consent to EMPLOYEE_ENTRANCE_APPROVAL');
    expect((await consent(employees[2])).errors).toBeUndefined(); // consents again
    expect((await consent(employees[2])).errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('holds an exception-route provision until the CPO approves it; only then the PROVIDE entries', async () => {
    const recipient = await gql(
      Role.CPO,
      `mutation($input: CreateRecipientInput!) { createRecipient(input: $input) { code } }`,
      {
        input: {
          code: 'LABOUR_STANDARDS_OFFICE',
          name: { ja: '労働基準監督署', en: 'Labour Standards Inspection Office' },
          kind: 'THIRD_PARTY',
          recipientType: { ja: '行政機関', en: 'Government agency' },
          country: 'JP',
          provisionRule: {
            ja: '法令に基づく求めに応じて提供',
            en: 'Provided when the law requires it',
          },
        },
      },
    );
    expect(recipient.errors).toBeUndefined();
    const rule = await gql(
      Role.CPO,
      `mutation($input: CreateProvisionRuleInput!) { createProvisionRule(input: $input) { code } }`,
      {
        input: {
          code: 'EMPLOYEE_LABOUR_INSPECTION',
          name: { ja: '労働基準監督署の調査への対応', en: 'Labour standards inspection' },
          recipientCode: 'LABOUR_STANDARDS_OFFICE',
          categoryCodes: ['EMPLOYEE'],
          items: ['name', 'department', 'position'],
          methods: ['POST', 'HAND_DELIVERY'],
          route: 'LAWS',
          purposeAtRecipient: {
            ja: '労働基準法に基づく調査',
            en: 'Inspection under the Labour Standards Act',
          },
        },
      },
    );
    expect(rule.errors).toBeUndefined();
    const office = await gql<{ createParty: { id: string } }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
      {
        input: {
          kind: 'THIRD_PARTY',
          name: '中央労働基準監督署',
          address: '東京都文京区後楽1-9-20',
          representative: '署長',
          country: 'JP',
          partyType: 'government agency',
          recipientCode: 'LABOUR_STANDARDS_OFFICE',
        },
      },
    );
    const recorded = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${as(Role.HR)}`)
      .send({
        query: RECORD_PROVISION,
        variables: {
          input: {
            ruleCode: 'EMPLOYEE_LABOUR_INSPECTION',
            partyId: office.data!.createParty.id,
            items: ['name', 'department'],
            handOff: { subjectIds: [employees[3]], handedOn: TODAY, method: 'POST' },
          },
        },
      });
    const pending = (recorded.body as { data: { recordProvision: Provision } }).data
      .recordProvision;
    expect(pending).toMatchObject({
      route: 'LAWS',
      status: 'PENDING_APPROVAL',
      art29Required: false,
      approval: null,
    });
    const requestId = recorded.headers['x-request-id'];
    await t.sealLedger();
    expect((await t.ledgerRows('request_id = $1', [requestId])).map((e) => e.action)).toEqual([
      'PROVIDE_REQUESTED',
      'READ',
    ]);
    expect(await t.ledgerRows(`action = 'PROVIDE' AND target_id = $1`, [pending.id])).toEqual([]);

    const DECIDE = `mutation($input: DecideProvisionInput!) { decideProvision(input: $input) { status approval { decision decidedBy } } }`;
    const decision = {
      input: {
        provisionId: pending.id,
        decision: 'APPROVED',
        note: 'Labour Standards Act art. 101 request of 2026-11-20',
      },
    };
    expect((await gql(Role.HR, DECIDE, decision)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A collective hand-off cannot be added before the decision, nor to a non-collective record.
    const early = await gql(
      Role.HR,
      `mutation($id: ID!, $h: HandOffInput!) { recordHandOff(provisionId: $id, handOff: $h) { id } }`,
      {
        id: pending.id,
        h: { subjectIds: [employees[3]], handedOn: TODAY, method: 'POST' },
      },
    );
    expect(early.errors?.[0].extensions?.code).toBe('CONFLICT');
    const approved = await gql<{ decideProvision: { status: string } }>(Role.CPO, DECIDE, decision);
    expect(approved.data?.decideProvision.status).toBe('APPROVED');
    await t.sealLedger();
    const provided = await t.ledgerRows(`action = 'PROVIDE' AND target_id = $1`, [pending.id]);
    expect(provided.map((e) => [e.subject_id, e.actor_role])).toEqual([[employees[3], 'CPO']]);
    expect((await gql(Role.CPO, DECIDE, decision)).errors?.[0].extensions?.code).toBe('CONFLICT');
    const consentRecord = (
      await gql<{ provisions: { edges: { node: Provision }[] } }>(
        Role.CPO,
        `{ provisions(first: 100) { edges { node { id route } } } }`,
      )
    ).data!.provisions.edges.find((e) => e.node.route === 'CONSENT')!.node;
    const noApproval = await gql(Role.CPO, DECIDE, {
      input: { ...decision.input, provisionId: consentRecord.id },
    });
    expect(noApproval.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('lets SALES record partner-related hand-offs (joint use, approved by the CPO), and not HR', async () => {
    await gql(
      Role.CPO,
      `mutation($input: CreateRecipientInput!) { createRecipient(input: $input) { code } }`,
      {
        input: {
          code: 'GROUP_COMPANY',
          name: { ja: 'グループ会社', en: 'Group company' },
          kind: 'THIRD_PARTY',
          recipientType: { ja: '共同利用者', en: 'Joint user' },
          country: 'JP',
          provisionRule: {
            ja: '取引先担当者の連絡先を共同利用',
            en: "Partners' contacts in joint use",
          },
        },
      },
    );
    const rule = await gql(
      Role.CPO,
      `mutation($input: CreateProvisionRuleInput!) { createProvisionRule(input: $input) { code } }`,
      {
        input: {
          code: 'PARTNER_JOINT_USE',
          name: { ja: '取引先担当者情報の共同利用', en: "Joint use of partners' contacts" },
          recipientCode: 'GROUP_COMPANY',
          categoryCodes: ['PARTNER_CONTACT'],
          items: ['name', 'company', 'email'],
          methods: ['SYSTEM_TRANSFER'],
          route: 'JOINT_USE',
          purposeAtRecipient: { ja: '取引先との連絡', en: 'Communication with partners' },
        },
      },
    );
    expect(rule.errors).toBeUndefined();
    const group = await gql<{ createParty: { id: string } }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
      {
        input: {
          kind: 'THIRD_PARTY',
          name: 'グループ販売株式会社',
          address: '東京都中央区1-1',
          representative: '代表取締役',
          country: 'JP',
          partyType: 'group company',
          recipientCode: 'GROUP_COMPANY',
        },
      },
    );
    const partner = await gql<{ createRecord: { subjectId: string } }>(
      Role.SALES,
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }`,
      {
        input: {
          categoryCode: 'PARTNER_CONTACT',
          collectedAt: '2026-09-01T00:00:00Z',
          source: 'business card',
          values: [
            { key: 'name', value: '取引 先子' },
            { key: 'company', value: '取引先株式会社' },
            { key: 'email', value: 'partner@example.jp' },
          ],
        },
      },
    );
    const input = {
      ruleCode: 'PARTNER_JOINT_USE',
      partyId: group.data!.createParty.id,
      items: ['name', 'company', 'email'],
      handOff: {
        subjectIds: [partner.data!.createRecord.subjectId],
        handedOn: TODAY,
        method: 'SYSTEM_TRANSFER',
      },
    };
    expect((await gql(Role.HR, RECORD_PROVISION, { input })).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const recorded = await gql<{ recordProvision: Provision }>(Role.SALES, RECORD_PROVISION, {
      input,
    });
    expect(recorded.data?.recordProvision).toMatchObject({
      route: 'JOINT_USE',
      status: 'PENDING_APPROVAL',
      art29Required: false,
    });
    // Consents are the handling department's too: SALES may not record one for an employee.
    const foreign = await gql(
      Role.SALES,
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
      {
        input: {
          subjectId: employees[3],
          ruleCode: 'EMPLOYEE_ENTRANCE_APPROVAL',
          givenAt: '2026-04-01T00:00:00Z',
          evidence: 'x',
        },
      },
    );
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('records repeated hand-offs collectively, and corrections as new records; records are never changed', async () => {
    const collective = await gql<{ recordProvision: Provision }>(
      Role.HR,
      RECORD_PROVISION,
      badge([employees[0]], { collective: true }),
    );
    expect(collective.errors).toBeUndefined();
    const id = collective.data!.recordProvision.id;
    const added = await gql<{ recordHandOff: Provision }>(
      Role.HR,
      `mutation($id: ID!, $h: HandOffInput!) { recordHandOff(provisionId: $id, handOff: $h) { ${PROVISION_FIELDS} } }`,
      {
        id,
        h: { subjectIds: [employees[1], employees[2]], handedOn: TODAY, method: 'HAND_DELIVERY' },
      },
    );
    expect(added.data?.recordHandOff.handOffs.map((h) => h.subjectIds.length)).toEqual([1, 2]);
    const corrected = await gql<{ recordProvision: { id: string; correctsId: string } }>(
      Role.HR,
      RECORD_PROVISION,
      badge([employees[0]], {
        correctsId: id,
        correctionNote: 'qualifications were not handed over',
        items: ['name', 'department', 'position', 'phone', 'faceImage'],
      }),
    );
    expect(corrected.data?.recordProvision.correctsId).toBe(id);
    // The runtime role cannot change or delete a record, whatever the code would try.
    const rows = await t.dataSource.query<{ update: boolean; delete: boolean }[]>(
      `SELECT has_table_privilege('daicho_app', 'provisions', 'UPDATE') AS update,
              has_table_privilege('daicho_app', 'provisions', 'DELETE') AS delete`,
    );
    expect(rows).toEqual([{ update: false, delete: false }]);
    // Departments see the records they made: SALES only its joint-use record, none of HR's.
    const sales = await gql<{ provisions: { edges: { node: { route: string } }[] } }>(
      Role.SALES,
      `{ provisions { edges { node { route } } } }`,
    );
    expect(sales.data?.provisions.edges.map((e) => e.node)).toEqual([{ route: 'JOINT_USE' }]);
    await t.sealLedger();
    // One READ for the record returned when SALES made it, one for this list.
    expect(
      await t.ledgerRows(`action = 'READ' AND target_type = 'Provision' AND actor_role = 'SALES'`),
    ).toHaveLength(2);
    expect(
      (await gql(Role.SALES, `query($id: ID!) { provision(id: $id) { id } }`, { id })).errors?.[0]
        .extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await gql(Role.HR, `query($id: ID!) { provision(id: $id) { id } }`, { id })).errors,
    ).toBeUndefined();
  });

  it('records receipts from third parties (art. 30) with RECEIVE entries', async () => {
    const RECEIPT = `mutation($input: RecordReceiptInput!) { recordReceipt(input: $input) { id receivedOn retainUntil subjectIds } }`;
    const input = {
      sourceName: '株式会社人材紹介',
      sourceAddress: '東京都新宿区西新宿2-8-1',
      sourceRepresentative: '代表取締役 田中 次郎',
      howObtained: 'Registered candidates who consented to introduction to employers',
      receivedOn: TODAY,
      categoryCodes: ['APPLICANT'],
      subjectIds: [applicant],
    };
    const before = await counts();
    expect((await gql(Role.SALES, RECEIPT, { input })).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await gql(Role.HR, RECEIPT, { input: { ...input, categoryCodes: ['NOPE'] } })).errors?.[0]
        .extensions?.code,
    ).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
    const res = await gql<{
      recordReceipt: { id: string; retainUntil: string; subjectIds: string[] };
    }>(Role.HR, RECEIPT, { input });
    expect(res.data?.recordReceipt).toMatchObject({
      retainUntil: IN_THREE_YEARS,
      subjectIds: [applicant],
    });
    await t.sealLedger();
    const received = await t.ledgerRows(`action = 'RECEIVE' AND target_id = $1`, [
      res.data!.recordReceipt.id,
    ]);
    expect(received.map((e) => [e.subject_id, e.category_code])).toEqual([
      [applicant, 'APPLICANT'],
    ]);
    const listed = await gql<{ receipts: { id: string }[] }>(
      Role.AUDITOR,
      `query($f: String) { receipts(from: $f) { id } }`,
      { f: TODAY },
    );
    expect(listed.data?.receipts.map((r) => r.id)).toEqual([res.data!.recordReceipt.id]);
    await t.sealLedger();
    // Looking at the records is itself recorded, like any read of personal data.
    const looked = await t.ledgerRows(
      `action = 'READ' AND target_type = 'Receipt' AND actor_role = 'AUDITOR' AND target_id = $1`,
      [res.data!.recordReceipt.id],
    );
    expect(looked).toHaveLength(1);
    const footprint = await gql<{ subjectFootprint: { handOffs: { kind: string }[] } }>(
      Role.CPO,
      `query($id: ID!) { subjectFootprint(subjectId: $id) { handOffs { kind } } }`,
      { id: applicant },
    );
    expect(footprint.data?.subjectFootprint.handOffs).toEqual([{ kind: 'RECEIPT' }]);
  });

  it('entrusts only under a live contract and within its scope; supervision comes due', async () => {
    const CONTRACT = `mutation($input: CreateEntrustmentContractInput!) { createEntrustmentContract(input: $input) { id reviewDueOn } }`;
    const contract = await gql<{ createEntrustmentContract: { id: string; reviewDueOn: string } }>(
      Role.CPO,
      CONTRACT,
      {
        input: {
          contractorId: contractor,
          title: 'Payroll processing 2025–2027',
          scope: [{ categoryCode: 'EMPLOYEE', items: ['name', 'department', 'bankAccount'] }],
          confidentialityClause: 'Art. 12: confidentiality during and after the contract',
          securityClause: 'Art. 13: access control, encryption, no subcontracting without consent',
          startsOn: '2025-01-01',
          endsOn: '2027-12-31',
          endHandling: 'DELETION',
          reviewIntervalMonths: 12,
        },
      },
    );
    expect(contract.errors).toBeUndefined();
    const contractId = contract.data!.createEntrustmentContract.id;
    expect(contract.data!.createEntrustmentContract.reviewDueOn).toBe('2026-01-01');
    const ENTRUST = `mutation($input: RecordEntrustmentInput!) { recordEntrustment(input: $input) { id subjects } }`;
    const entrust = (extra: Record<string, unknown> = {}) => ({
      input: {
        contractId,
        categoryCode: 'EMPLOYEE',
        items: ['name', 'bankAccount'],
        subjectIds: employees.slice(0, 2),
        handedOn: TODAY,
        method: 'SYSTEM_TRANSFER',
        ...extra,
      },
    });
    const before = await counts();
    for (const [what, r, variables, code] of [
      [
        'an item outside the scope',
        Role.HR,
        entrust({ items: ['name', 'myNumber'] }),
        'BAD_USER_INPUT',
      ],
      [
        'a category outside the scope',
        Role.HR,
        entrust({ categoryCode: 'APPLICANT', subjectIds: [applicant] }),
        'BAD_USER_INPUT',
      ],
      [
        'before the contract starts',
        Role.HR,
        entrust({ handedOn: '2024-12-31' }),
        'BAD_USER_INPUT',
      ],
      [
        'without a contract',
        Role.HR,
        entrust({ contractId: '00000000-0000-4000-8000-000000000000' }),
        'BAD_USER_INPUT',
      ],
      ['a role that may not entrust employees', Role.SALES, entrust(), 'FORBIDDEN'],
    ] as const) {
      const res = await gql(r, ENTRUST, variables);
      expect({ what, code: res.errors?.[0].extensions?.code }).toEqual({ what, code });
    }
    expect(await counts()).toEqual(before);
    const done = await gql<{ recordEntrustment: { id: string; subjects: number } }>(
      Role.HR,
      ENTRUST,
      entrust(),
    );
    expect(done.data?.recordEntrustment.subjects).toBe(2);
    await t.sealLedger();
    const entrusted = await t.ledgerRows(`action = 'ENTRUST' AND target_id = $1`, [
      done.data!.recordEntrustment.id,
    ]);
    expect(entrusted.map((e) => e.subject_id).sort()).toEqual(employees.slice(0, 2).sort());

    const DUE = `query($asOf: String, $within: Int) { supervisionDue(asOf: $asOf, withinDays: $within) { contractId dueOn overdue lastReviewedOn } }`;
    expect(
      (await gql<{ supervisionDue: unknown[] }>(Role.AUDITOR, DUE, {})).data?.supervisionDue,
    ).toEqual([{ contractId, dueOn: '2026-01-01', overdue: true, lastReviewedOn: null }]);
    const reviewed = await gql<{ recordSupervisionReview: { reviewDueOn: string } }>(
      Role.CPO,
      `mutation($input: RecordSupervisionReviewInput!) { recordSupervisionReview(input: $input) { reviewDueOn } }`,
      {
        input: {
          contractId,
          reviewedOn: TODAY,
          reviewer: 'CPO office',
          result: 'SATISFACTORY',
          findings: 'On-site audit: access logs and deletion procedure checked',
        },
      },
    );
    const nextDue = DateTime.fromISO(TODAY).plus({ months: 12 }).toISODate()!;
    expect(reviewed.data?.recordSupervisionReview.reviewDueOn).toBe(nextDue);
    expect(
      (await gql<{ supervisionDue: unknown[] }>(Role.AUDITOR, DUE, {})).data?.supervisionDue,
    ).toEqual([]);
    expect(
      (
        await gql<{ supervisionDue: { dueOn: string; overdue: boolean }[] }>(Role.AUDITOR, DUE, {
          within: 366,
        })
      ).data?.supervisionDue,
    ).toEqual([{ contractId, dueOn: nextDue, overdue: false, lastReviewedOn: TODAY }]);
    expect(
      (
        await gql(
          Role.HR,
          `mutation($input: RecordSupervisionReviewInput!) { recordSupervisionReview(input: $input) { id } }`,
          {
            input: {
              contractId,
              reviewedOn: TODAY,
              reviewer: 'x',
              result: 'SATISFACTORY',
              findings: 'x',
            },
          },
        )
      ).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');

    const END = `mutation($input: EndEntrustmentContractInput!) { endEntrustmentContract(input: $input) { endedOn endConfirmation } }`;
    const ended = await gql(Role.CPO, END, {
      input: {
        contractId,
        endedOn: TODAY,
        confirmation: 'Deletion certificate No. 2026-114 received',
      },
    });
    expect(ended.errors).toBeUndefined();
    expect(
      (await gql(Role.CPO, END, { input: { contractId, endedOn: TODAY, confirmation: 'again' } }))
        .errors?.[0].extensions?.code,
    ).toBe('CONFLICT');
    expect((await gql(Role.HR, ENTRUST, entrust())).errors?.[0].extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      (await gql<{ supervisionDue: unknown[] }>(Role.AUDITOR, DUE, { within: 366 })).data
        ?.supervisionDue,
    ).toEqual([]);
    await t.sealLedger();
    expect(
      await t.ledgerRows(`action = 'ENTRUSTMENT_DELETED' AND target_id = $1`, [contractId]),
    ).toHaveLength(1);
  });

  it('retires a rule (CPO only): no new hand-off under it, its records stay', async () => {
    const RETIRE = `mutation($code: String!) { retireProvisionRule(code: $code) { code retiredAt } }`;
    expect(
      (await gql(Role.HR, RETIRE, { code: 'PARTNER_JOINT_USE' })).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const retired = await gql<{ retireProvisionRule: { retiredAt: string | null } }>(
      Role.CPO,
      RETIRE,
      { code: 'PARTNER_JOINT_USE' },
    );
    expect(retired.data?.retireProvisionRule.retiredAt).not.toBeNull();
    expect(
      (await gql(Role.CPO, RETIRE, { code: 'PARTNER_JOINT_USE' })).errors?.[0].extensions?.code,
    ).toBe('CONFLICT');
    const records = await gql<{ provisions: { edges: { node: { route: string } }[] } }>(
      Role.SALES,
      `{ provisions { edges { node { route } } } }`,
    );
    expect(records.data?.provisions.edges.map((e) => e.node)).toEqual([{ route: 'JOINT_USE' }]);
    const [party] = (
      await gql<{ parties: { id: string; partyType: string }[] }>(
        Role.SALES,
        `{ parties(kind: THIRD_PARTY) { id partyType } }`,
      )
    ).data!.parties.filter((p) => p.partyType === 'group company');
    const again = await gql(Role.SALES, RECORD_PROVISION, {
      input: {
        ruleCode: 'PARTNER_JOINT_USE',
        partyId: party.id,
        items: ['name'],
        handOff: { subjectIds: [employees[0]], handedOn: TODAY, method: 'SYSTEM_TRANSFER' },
      },
    });
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0].message).toContain('PARTNER_JOINT_USE is retired');
  });

  it('flags a recipient abroad (art. 28) and exports the records from the CLI too', async () => {
    const abroad = await gql<{ createParty: { abroad: boolean } }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { abroad } }`,
      {
        input: {
          kind: 'THIRD_PARTY',
          name: 'Sample Systems Inc.',
          address: '1 Market St, San Francisco, CA',
          representative: 'CEO Jane Doe',
          country: 'US',
          partyType: 'system company of a client',
          recipientCode: 'CLIENT_SYSTEM_COMPANY',
        },
      },
    );
    expect(abroad.data?.createParty.abroad).toBe(true);

    const built = serverBuild();
    const out = join(t.dataDir, 'provisions.csv');
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        [join(built, 'dist/apps/cli/src/main.js'), 'provisions:export', ...args],
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
    const ok = cli(['--format', 'csv', '--lang', 'en', '--from', TODAY, '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const rows = parse<Record<string, string>>(
      (await readFile(out, 'utf8')).replace(/^\uFEFF/, ''),
      {
        columns: true,
      },
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(
      rows
        .filter((r) => r['Legal route'] === "The person's consent (art. 27(1))")
        .every((r) => r["Person's consent"] === 'yes'),
    ).toBe(true);
    expect(rows.some((r) => r.Recipient === '中央労働基準監督署' && r.Status === 'Approved')).toBe(
      true,
    );
    const bad = cli(['--from', 'yesterday', '--out', out]);
    expect(bad.status).toBe(65);
    expect(bad.stderr).toContain('--from must be a date');
    await t.sealLedger();
    // One entry for the export, and one for each person it names (their footprint shows it).
    expect(
      await t.ledgerRows(`actor_id = $1 AND action = 'EXPORT' AND subject_id IS NULL`, [
        cliOperator().id,
      ]),
    ).toHaveLength(1);
    const named = await t.ledgerRows(
      `actor_id = $1 AND action = 'EXPORT' AND subject_id IS NOT NULL`,
      [cliOperator().id],
    );
    expect(named.map((e) => e.subject_id).sort()).toEqual(
      [...new Set(rows.flatMap((r) => r['Persons (pseudonymous ids)'].split('\n')))].sort(),
    );
  }, 180_000); // builds the CLI first, as exports.e2e-spec does
});
