import { randomBytes } from 'node:crypto';
import { plusDays, plusYears, todayInJapan } from '@daicho/platform';
import { Client } from 'pg';
import { Role, TestApp, type GraphqlAnswer } from '../harness/test-app';

/**
 * The provision specs' shared world, the server running as a member of daicho_app (insert-only
 * records): a client's system company (third party), a payroll contractor, four employees (the
 * first three consented to the badge rule) and an applicant. Each spec file gets its own database.
 */
export const TODAY = todayInJapan();
export const IN_THREE_YEARS = plusYears(TODAY, 3);
export const TOMORROW = plusDays(TODAY, 1);
export const BADGE_ITEMS = [
  'name',
  'department',
  'position',
  'phone',
  'faceImage',
  'qualifications',
];

export const PROVISION_FIELDS = `id route status art29Required retainUntil items categoryCodes collective correctsId
  recipient { name address representative country abroad }
  handOffs { handedOn method personInCharge subjectIds } approval { decision decidedBy }`;
export const RECORD_PROVISION = `mutation($input: RecordProvisionInput!) { recordProvision(input: $input) { ${PROVISION_FIELDS} } }`;

export interface Provision {
  id: string;
  route: string;
  status: string;
  art29Required: boolean;
  retainUntil: string;
  items: string[];
  handOffs: { handedOn: string; method: string; subjectIds: string[] }[];
  approval: { decision: string } | null;
}

export interface ProvisionsFixture {
  t: TestApp;
  clientCompany: string;
  contractor: string;
  applicant: string;
  /** Employees 1–4; the first three consented to EMPLOYEE_ENTRANCE_APPROVAL. */
  employees: string[];
  as(r: Role): string;
  gql<T = Record<string, unknown>>(
    r: Role,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlAnswer<T>>;
  /** The rows of each hand-off table and the ledger's non-DENIED entries (sealed first). */
  counts(): Promise<Record<string, number>>;
  consent(
    subjectId: string,
    ruleCode?: string,
  ): Promise<GraphqlAnswer<{ recordConsent: { id: string } }>>;
  /** The badge hand-off (consent route) of `subjectIds` to the client's system company. */
  badge(
    subjectIds: (string | undefined)[],
    extra?: Record<string, unknown>,
    handOff?: Record<string, unknown>,
  ): { input: Record<string, unknown> };
  /**
   * An exception route (art. 27(1)(i), laws): the labour standards office as a recipient, the
   * rule EMPLOYEE_LABOUR_INSPECTION and the office as a party, made by the CPO; the party's id.
   */
  labourInspection(): Promise<string>;
}

/** The party of the labour standards office (an exception-route recipient). */
export const LABOUR_OFFICE = '中央労働基準監督署';

const COUNTED = [
  'provisions',
  'hand_offs',
  'provision_subjects',
  'provision_approvals',
  'receipts',
  'entrustments',
  'entrustment_subjects',
  'consents',
];

/** Registers the fixture's beforeAll/afterAll; its fields are set once beforeAll has run. */
export function provisionsFixture(): ProvisionsFixture {
  let admin: Client | undefined;
  const role = `daicho_t_prov_${randomBytes(4).toString('hex')}`;
  const tokens = new Map<Role, string>();
  const f = {
    employees: [] as string[],
    as(r: Role) {
      const token = tokens.get(r);
      if (!token) throw new Error(`no token for ${r}`);
      return token;
    },
    gql<T>(r: Role, query: string, variables: Record<string, unknown> = {}) {
      return f.t.gql<T>(query, variables, f.as(r));
    },
    async counts() {
      const out: Record<string, number> = {};
      for (const table of COUNTED) out[table] = await f.t.count(table);
      await f.t.sealLedger();
      out.entries = (await f.t.ledgerRows(`action <> 'DENIED'`)).length;
      return out;
    },
    consent(subjectId: string, ruleCode = 'EMPLOYEE_ENTRANCE_APPROVAL') {
      return f.gql<{ recordConsent: { id: string } }>(
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
    },
    badge(
      subjectIds: (string | undefined)[],
      extra: Record<string, unknown> = {},
      handOff: Record<string, unknown> = {},
    ) {
      return {
        input: {
          ruleCode: 'EMPLOYEE_ENTRANCE_APPROVAL',
          partyId: f.clientCompany,
          items: BADGE_ITEMS,
          handOff: { subjectIds, handedOn: TODAY, method: 'HAND_DELIVERY', ...handOff },
          ...extra,
        },
      };
    },
    async labourInspection() {
      const made = async (mutation: string, input: Record<string, unknown>) => {
        const answer = await f.gql<Record<string, { id?: string }>>(Role.CPO, mutation, { input });
        if (answer.errors) throw new Error(JSON.stringify(answer.errors));
        return Object.values(answer.data!)[0];
      };
      await made(
        `mutation($input: CreateRecipientInput!) { createRecipient(input: $input) { code } }`,
        {
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
      );
      await made(
        `mutation($input: CreateProvisionRuleInput!) { createProvisionRule(input: $input) { code } }`,
        {
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
      );
      const party = await made(
        `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
        {
          kind: 'THIRD_PARTY',
          name: LABOUR_OFFICE,
          address: '東京都文京区後楽1-9-20',
          representative: '署長',
          country: 'JP',
          partyType: 'government agency',
          recipientCode: 'LABOUR_STANDARDS_OFFICE',
        },
      );
      return party!.id!;
    },
  } as unknown as ProvisionsFixture;

  const employee = async (n: number) => {
    const res = await f.gql<{ createRecord: { subjectId: string } }>(
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

  beforeAll(async () => {
    const boot = await TestApp.start();
    // A login role that is a member of daicho_app: the server gets exactly the runtime grants.
    // Roles are cluster-wide: the harness's admin connection, not this test's database.
    admin = new Client({ connectionString: process.env.DAICHO_TEST_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} IN ROLE daicho_app`);
    const { database, dataDir } = await boot.stop();
    f.t = await TestApp.start(
      { DAICHO_DATA_DIR: dataDir },
      { database, databaseUser: { name: role, password: 'prov-test-password' } },
    );
    for (const r of [Role.HR, Role.SALES, Role.CPO, Role.AUDITOR])
      tokens.set(r, (await f.t.loginAs(r)).token);
    const party = await f.gql<{ createParty: { id: string; abroad: boolean } }>(
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
    f.clientCompany = party.data.createParty.id;
    expect(party.data.createParty.abroad).toBe(false);
    const contractorParty = await f.gql<{ createParty: { id: string } }>(
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
    f.contractor = contractorParty.data!.createParty.id;
    for (let n = 1; n <= 4; n++) f.employees.push(await employee(n));
    for (const subjectId of f.employees.slice(0, 3))
      expect((await f.consent(subjectId)).errors).toBeUndefined();
    const app = await f.gql<{ createRecord: { subjectId: string } }>(
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
    f.applicant = app.data!.createRecord.subjectId;
  });

  afterAll(async () => {
    await f.t?.close();
    await admin?.query(`DROP ROLE IF EXISTS ${role}`);
    await admin?.end();
  });

  return f;
}
