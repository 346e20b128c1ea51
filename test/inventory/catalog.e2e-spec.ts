import { CatalogSeeder, COMPANY_CATEGORIES, COMPANY_PURPOSES } from '@daicho/inventory';
import { Role, TestApp } from '../harness/test-app';

const CATEGORY_FIELDS = `code name { ja en } description { ja en } subjectType ownerDepartment { ja en }
  items { key label { ja en } specialCare identifiesAlone myNumber valueType }
  specialCare identificationCode myNumber disclosureTarget consentRequired
  purposes { code name { ja en } policyClause } systems { code medium } providedTo { code kind }
  entrustedTo { code } retentionPeriod retentionTrigger handlingRoles version lastReviewedAt reviewDueAt
  riskAssessment { stage leakage loss damage }`;
const CATEGORIES = `query($filter: DataCategoryFilter) { dataCategories(filter: $filter) { ${CATEGORY_FIELDS} } }`;
const CATEGORY = `query($code: String!) { dataCategory(code: $code) { ${CATEGORY_FIELDS} } }`;
const UPDATE = `mutation($code: String!, $input: DataCategoryChanges!) { updateDataCategory(code: $code, input: $input) { code version retentionPeriod } }`;
const HISTORY = `query($code: String!) { categoryHistory(code: $code) { version change changedFields changedBy note snapshot } }`;

interface Category {
  code: string;
  name: { ja: string; en: string };
  description: { ja: string; en: string };
  subjectType: string;
  items: { key: string; specialCare: boolean; identifiesAlone: boolean; myNumber: boolean }[];
  specialCare: boolean;
  identificationCode: boolean;
  myNumber: boolean;
  disclosureTarget: boolean;
  purposes: { code: string; name: { ja: string; en: string } }[];
  systems: { code: string }[];
  providedTo: { code: string; kind: string }[];
  retentionPeriod: string;
  handlingRoles: string[];
  version: number;
  lastReviewedAt: string | null;
  riskAssessment: { stage: string }[];
}

describe('the personal information management ledger (catalog)', () => {
  let t: TestApp;
  let cpo: { token: string; id: string };
  let hr: string;

  const categories = async (filter: Record<string, unknown> = {}, token = hr) => {
    const answer = await t.gql<{ dataCategories: Category[] }>(CATEGORIES, { filter }, token);
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.dataCategories;
  };
  const snapshotCounts = async () => ({
    versions: await t.count('catalog_versions'),
    ledger: await t.count('ledger_entries'),
    proposals: await t.count('category_change_proposals'),
  });

  beforeAll(async () => {
    t = await TestApp.start();
    const c = await t.loginAs(Role.CPO);
    cpo = { token: c.token, id: c.user.id };
    hr = (await t.loginAs(Role.HR)).token;
  });
  afterAll(() => t.close());

  it("is there from the first start: the policy's 12 categories, the requesters', the complainants', and every purpose, in both languages", async () => {
    const all = await categories();
    expect(all.map((c) => c.code).sort()).toEqual([
      'APPLICANT',
      'CALL_RECORDING',
      'CCTV',
      'COMPLAINANT',
      'EMPLOYEE',
      'ENTRUSTED_DATA_ENTRY',
      'ENTRUSTED_SYSDEV',
      'PARTNER_CONTACT',
      'REQUESTER',
      'SEMINAR',
      'WEB_AFTER_SALES',
      'WEB_ESTIMATE',
      'WEB_INQUIRY',
      'WEB_NEWSLETTER',
    ]);
    for (const c of all) {
      for (const text of [c.name, c.description]) {
        expect(text.ja.length).toBeGreaterThan(0);
        expect(text.en.length).toBeGreaterThan(0);
        expect(text.ja).not.toBe(text.en);
      }
      expect(c.purposes.length).toBeGreaterThan(0);
      expect(c.riskAssessment.map((r) => r.stage)).toEqual([
        'ACQUISITION',
        'USE',
        'STORAGE',
        'TRANSFER',
        'DISPOSAL',
      ]);
    }
    const purposes = await t.gql<{
      purposes: { code: string; name: { ja: string; en: string } }[];
    }>('{ purposes { code name { ja en } } }', {}, hr);
    expect(purposes.data!.purposes.map((p) => p.code).sort()).toEqual(
      COMPANY_PURPOSES.map((p) => p.code).sort(),
    );

    const employee = all.find((c) => c.code === 'EMPLOYEE')!;
    expect(employee.items.map((i) => i.key)).toEqual(
      expect.arrayContaining([
        'name',
        'address',
        'dateOfBirth',
        'myNumber',
        'healthInsuranceNumber',
        'pensionNumber',
        'family',
        'bankAccount',
        'faceImage',
        'qualifications',
      ]),
    );
    // Derived from the items, never typed twice.
    expect(employee).toMatchObject({
      specialCare: true,
      identificationCode: true,
      myNumber: true,
      disclosureTarget: true,
    });
    expect(employee.providedTo).toEqual([{ code: 'CLIENT_SYSTEM_COMPANY', kind: 'THIRD_PARTY' }]);
    expect(employee.purposes.map((p) => p.code)).toContain('ENTRANCE_APPROVAL');
    const recording = all.find((c) => c.code === 'CALL_RECORDING')!;
    expect(recording.items.map((i) => i.key)).toEqual(
      expect.arrayContaining(['voiceRecording', 'callerNumber', 'callTime']),
    );
    expect(all.find((c) => c.code === 'CCTV')!.items.map((i) => i.key)).toEqual([
      'image',
      'cameraLocation',
      'capturedAt',
    ]);
    for (const code of ['CALL_RECORDING', 'ENTRUSTED_SYSDEV', 'ENTRUSTED_DATA_ENTRY']) {
      expect(all.find((c) => c.code === code)!.disclosureTarget).toBe(false); // the client's data (policy §5)
    }
    expect(all.find((c) => c.code === 'WEB_INQUIRY')).toMatchObject({
      specialCare: false,
      myNumber: false,
    });
  });

  it('loads idempotently and never overwrites what the CPO changed', async () => {
    const before = await snapshotCounts();
    expect(await t.app.get(CatalogSeeder).load()).toBe(0);
    expect(await snapshotCounts()).toEqual(before);

    const edited = await t.gql(
      UPDATE,
      { code: 'SEMINAR', input: { retentionPeriod: 'P2Y' } },
      cpo.token,
    );
    expect(edited.errors).toBeUndefined();
    expect(await t.app.get(CatalogSeeder).load()).toBe(0);
    const seminar = await t.gql<{ dataCategory: Category }>(CATEGORY, { code: 'SEMINAR' }, hr);
    expect(seminar.data!.dataCategory.retentionPeriod).toBe('P2Y');
    expect(COMPANY_CATEGORIES.find((c) => c.code === 'SEMINAR')!.retentionPeriod).toBe('P3Y');
  });

  it('keeps every version of a CPO edit, with who, when and what, and a ledger entry', async () => {
    const answer = await t.gql<{ updateDataCategory: { version: number } }>(
      UPDATE,
      {
        code: 'WEB_INQUIRY',
        input: { approximateRecords: 6200, handlingRoles: ['SALES', 'SUPPORT', 'CPO'] },
      },
      cpo.token,
    );
    expect(answer.data!.updateDataCategory.version).toBe(2);
    const history = await t.gql<{
      categoryHistory: {
        version: number;
        change: string;
        changedFields: string[];
        changedBy: string;
        snapshot: string;
      }[];
    }>(HISTORY, { code: 'WEB_INQUIRY' }, hr);
    const versions = history.data!.categoryHistory;
    expect(versions.map((v) => [v.version, v.change])).toEqual([
      [1, 'CREATED'],
      [2, 'UPDATED'],
    ]);
    expect(versions[1]).toMatchObject({
      changedFields: ['approximateRecords', 'handlingRoles'],
      changedBy: cpo.id,
    });
    expect(JSON.parse(versions[0]!.snapshot)).toMatchObject({ approximateRecords: 5000 });
    expect(JSON.parse(versions[1]!.snapshot)).toMatchObject({ approximateRecords: 6200 });
    await t.sealLedger();
    const [entry] = await t.ledgerRows(`action = 'UPDATE' AND target_id = 'WEB_INQUIRY'`);
    expect(entry).toMatchObject({
      actor_id: cpo.id,
      category_code: 'WEB_INQUIRY',
      fields: ['approximateRecords', 'handlingRoles'],
    });

    // An edit that changes nothing makes no version.
    await t.gql(UPDATE, { code: 'WEB_INQUIRY', input: { approximateRecords: 6200 } }, cpo.token);
    const again = await t.gql<{ categoryHistory: unknown[] }>(HISTORY, { code: 'WEB_INQUIRY' }, hr);
    expect(again.data!.categoryHistory).toHaveLength(2);
  });

  it('refuses edits by anyone but the CPO, records the refusal, and changes nothing', async () => {
    for (const role of [
      Role.ADMIN,
      Role.AUDITOR,
      Role.HR,
      Role.SALES,
      Role.SUPPORT,
      Role.FACILITIES,
    ]) {
      const { token } = await t.loginAs(role);
      const before = await snapshotCounts();
      for (const [query, variables] of [
        [UPDATE, { code: 'CCTV', input: { retentionPeriod: 'P1Y' } }],
        ['mutation { retireDataCategory(code: "CCTV", note: "x") { code } }', {}],
        [
          'mutation { createPurpose(input: { code: "X_TEST", name: { ja: "x", en: "x" }, description: { ja: "x", en: "x" }, policyClause: "x" }) { code } }',
          {},
        ],
        ['mutation { markCategoryReviewed(code: "CCTV", note: "ok") { code } }', {}],
      ] as const) {
        const answer = await t.gql(query, variables, token);
        expect({ role, code: answer.errors?.[0]!.extensions?.code }).toEqual({
          role,
          code: 'FORBIDDEN',
        });
      }
      const after = await snapshotCounts();
      expect(after.versions).toBe(before.versions);
      expect(after.ledger).toBe(before.ledger + 4); // the four DENIED entries, nothing else
    }
    const cctv = await t.gql<{ dataCategory: Category }>(CATEGORY, { code: 'CCTV' }, hr);
    expect(cctv.data!.dataCategory).toMatchObject({ version: 1, retentionPeriod: 'P30D' });
  });

  it('rejects bad references, durations, duplicates and stale versions, writing nothing', async () => {
    const create = (input: Record<string, unknown>) =>
      t.gql(
        'mutation($input: CreateDataCategoryInput!) { createDataCategory(input: $input) { code } }',
        { input },
        cpo.token,
      );
    const l = (s: string) => ({ ja: s, en: s });
    const valid = {
      code: 'VISITOR_LOG',
      name: { ja: '来訪者記録', en: 'Visitor log' },
      description: l('受付の来訪者記録'),
      subjectType: 'VISITOR',
      ownerDepartment: { ja: '管理部', en: 'Administration' },
      responsibleManager: l('管理部長'),
      items: [
        { key: 'name', label: { ja: '氏名', en: 'Name' }, required: true },
        { key: 'company', label: l('会社名') },
      ],
      purposeCodes: ['SECURITY_MANAGEMENT'],
      acquisitionMethods: ['DOCUMENT'],
      acquisitionSource: l('本人（受付票）'),
      legalBasis: l('利用目的の掲示'),
      consentRequired: false,
      disclosureTarget: true,
      systemCodes: ['PERSONNEL_FILES'],
      approximateRecords: 1200,
      retentionPeriod: 'P1Y',
      retentionTrigger: 'COLLECTION',
      disposalMethod: l('溶解'),
      handlingRoles: ['FACILITIES'],
      sensitivity: 'LOW',
      accidentSeverity: 'LOW',
    };
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'unknown purpose',
        { ...valid, purposeCodes: ['SECURITY_MANAGEMENT', 'WORLD_DOMINATION'] },
        'BAD_USER_INPUT',
      ],
      ['unknown system', { ...valid, systemCodes: ['NOWHERE'] }, 'BAD_USER_INPUT'],
      [
        'third party as contractor',
        { ...valid, entrustedTo: ['CLIENT_SYSTEM_COMPANY'] },
        'BAD_USER_INPUT',
      ],
      ['malformed duration', { ...valid, retentionPeriod: '5 years' }, 'BAD_USER_INPUT'],
      ['time duration', { ...valid, retentionPeriod: 'PT5H' }, 'BAD_USER_INPUT'],
      // The access rules withhold My Number by its key: another key would carry it past them.
      [
        'My Number under another key',
        {
          ...valid,
          items: [
            ...valid.items,
            { key: 'kojinBango', label: { ja: '個人番号', en: 'My Number' }, myNumber: true },
          ],
        },
        'BAD_USER_INPUT',
      ],
      // Due dates past year 9999 once failed every later read of the catalog or the holdings.
      ['endless retention', { ...valid, retentionPeriod: 'P300000Y' }, 'BAD_USER_INPUT'],
      ['endless review', { ...valid, reviewInterval: 'P99999999999999999999D' }, 'BAD_USER_INPUT'],
      [
        'duplicate item keys',
        { ...valid, items: [valid.items[0], valid.items[0]] },
        'BAD_USER_INPUT',
      ],
      ['missing fields', { code: 'HALF_DONE', name: l('x') }, 'BAD_USER_INPUT'],
      ['bad code', { ...valid, code: 'visitor log' }, 'BAD_USER_INPUT'],
      ['duplicate code', { ...valid, code: 'EMPLOYEE' }, 'CONFLICT'],
    ];
    for (const [what, input, code] of cases) {
      const before = await snapshotCounts();
      const answer = await create(input);
      expect({ what, code: answer.errors?.[0]!.extensions?.code }).toEqual({ what, code });
      expect(await snapshotCounts()).toEqual(before);
    }
    const before = await snapshotCounts();
    const stale = await t.gql(
      UPDATE,
      { code: 'EMPLOYEE', input: { approximateRecords: 310, expectedVersion: 7 } },
      cpo.token,
    );
    expect(stale.errors?.[0]!.extensions?.code).toBe('CONFLICT');
    const inUse = await t.gql(
      'mutation { retirePurpose(code: "RECRUITMENT", note: "x") { code } }',
      {},
      cpo.token,
    );
    expect(inUse.errors?.[0]!.extensions?.code).toBe('CONFLICT');
    expect(inUse.errors?.[0]!.message).toContain('APPLICANT');
    // Null is no value in the other catalog entries either (once a 500 from a NOT NULL column).
    for (const [mutation, code, field] of [
      ['updatePurpose', 'RECRUITMENT', 'policyClause'],
      ['updatePurpose', 'RECRUITMENT', 'name'],
      ['updateRecipient', 'CLIENT_SYSTEM_COMPANY', 'country'],
      ['updateStorageSystem', 'PERSONNEL_FILES', 'medium'],
    ] as const) {
      const nulled = await t.gql(
        `mutation($code: String!) { ${mutation}(code: $code, input: { ${field}: null }) { code } }`,
        { code },
        cpo.token,
      );
      expect({ mutation, field, error: nulled.errors?.[0] }).toMatchObject({
        mutation,
        field,
        error: {
          extensions: { code: 'BAD_USER_INPUT' },
          message: `${field} cannot be null: leave a field out to keep it as it is.`,
        },
      });
    }
    expect(await snapshotCounts()).toEqual(before);

    const created = await create(valid);
    expect(created.errors).toBeUndefined();
    const visitor = await t.gql<{ dataCategory: Category }>(CATEGORY, { code: 'VISITOR_LOG' }, hr);
    expect(visitor.data!.dataCategory).toMatchObject({
      version: 1,
      specialCare: false,
      lastReviewedAt: null,
    });
  });

  it('filters by department, subject type, disclosure target, special-care items, purpose, system and recipient', async () => {
    const codes = async (filter: Record<string, unknown>) =>
      (await categories(filter)).map((c) => c.code).sort();
    expect(await codes({ department: 'Sales' })).toEqual([
      'PARTNER_CONTACT',
      'SEMINAR',
      'WEB_AFTER_SALES',
      'WEB_ESTIMATE',
      'WEB_INQUIRY',
      'WEB_NEWSLETTER',
    ]);
    expect(await codes({ department: '営業部' })).toEqual(await codes({ department: 'sales' }));
    expect(await codes({ subjectType: 'EMPLOYEE' })).toEqual(['EMPLOYEE']);
    expect(await codes({ disclosureTarget: false })).toEqual([
      'CALL_RECORDING',
      'ENTRUSTED_DATA_ENTRY',
      'ENTRUSTED_SYSDEV',
    ]);
    expect(await codes({ specialCare: true })).toEqual(['EMPLOYEE']);
    expect(await codes({ purposeCode: 'RECRUITMENT' })).toEqual(['APPLICANT']);
    expect(await codes({ systemCode: 'CRM' })).toEqual([
      'PARTNER_CONTACT',
      'SEMINAR',
      'WEB_AFTER_SALES',
      'WEB_ESTIMATE',
      'WEB_INQUIRY',
    ]);
    expect(await codes({ recipientCode: 'CLIENT_SYSTEM_COMPANY' })).toEqual(['EMPLOYEE']);
    expect(await codes({ department: "' OR 1=1 --" })).toEqual([]);
  });

  it('lets departments propose changes and the CPO approve or reject them, all recorded', async () => {
    const PROPOSE = `mutation($input: ProposeCategoryChangeInput!) { proposeCategoryChange(input: $input) { id status baseVersion } }`;
    const DECIDE = (verb: string) =>
      `mutation($id: ID!, $note: String) { ${verb}CategoryChange(id: $id, note: $note) { id status decidedBy } }`;
    const before = await t.gql<{ dataCategory: Category }>(CATEGORY, { code: 'APPLICANT' }, hr);

    const proposal = await t.gql<{
      proposeCategoryChange: { id: string; status: string; baseVersion: number };
    }>(
      PROPOSE,
      {
        input: {
          categoryCode: 'APPLICANT',
          changes: { retentionPeriod: 'P1Y' },
          reason: 'Re-applicants are common; keep a year.',
        },
      },
      hr,
    );
    expect(proposal.data!.proposeCategoryChange).toMatchObject({
      status: 'PENDING',
      baseVersion: before.data!.dataCategory.version,
    });
    const badProposal = await t.gql(
      PROPOSE,
      { input: { categoryCode: 'APPLICANT', changes: { purposeCodes: ['NOPE'] }, reason: 'x' } },
      hr,
    );
    expect(badProposal.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    // Null is no value: once a 500 (retentionPeriod), a broken approval (name) or, for
    // purposeItems, a "none" the seed refilled at the next start.
    for (const changes of [{ retentionPeriod: null }, { name: null }, { purposeItems: null }]) {
      const nullProposal = await t.gql(
        PROPOSE,
        { input: { categoryCode: 'APPLICANT', changes, reason: 'x' } },
        hr,
      );
      expect(nullProposal.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringContaining('cannot be null') as unknown,
      });
    }
    const auditorProposes = await t.gql(
      PROPOSE,
      { input: { categoryCode: 'APPLICANT', changes: { approximateRecords: 1 }, reason: 'x' } },
      (await t.loginAs(Role.AUDITOR)).token,
    );
    expect(auditorProposes.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');

    const id = proposal.data!.proposeCategoryChange.id;
    const hrApproves = await t.gql(DECIDE('approve'), { id }, hr);
    expect(hrApproves.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    // Its proposer, moved to CPO meanwhile, still does not approve their own proposal.
    const proposer = await t.gql<{ me: { id: string } }>('{ me { id } }', {}, hr);
    const proposerId = proposer.data!.me.id;
    await t.changedBySql(`UPDATE users SET role = 'CPO' WHERE id = $1`, [proposerId]);
    const own = await t.gql(DECIDE('approve'), { id }, hr);
    await t.changedBySql(`UPDATE users SET role = 'HR' WHERE id = $1`, [proposerId]);
    expect(own.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    const approved = await t.gql<{ approveCategoryChange: { status: string; decidedBy: string } }>(
      DECIDE('approve'),
      { id, note: 'agreed' },
      cpo.token,
    );
    expect(approved.data!.approveCategoryChange).toEqual({
      id,
      status: 'APPROVED',
      decidedBy: cpo.id,
    });
    const after = await t.gql<{ dataCategory: Category }>(CATEGORY, { code: 'APPLICANT' }, hr);
    expect(after.data!.dataCategory).toMatchObject({
      retentionPeriod: 'P1Y',
      version: before.data!.dataCategory.version + 1,
    });
    const twice = await t.gql(DECIDE('approve'), { id }, cpo.token);
    expect(twice.errors?.[0]!.extensions?.code).toBe('CONFLICT');

    const second = await t.gql<{ proposeCategoryChange: { id: string } }>(
      PROPOSE,
      {
        input: {
          categoryCode: 'CCTV',
          changes: { retentionPeriod: 'P90D' },
          reason: 'Longer evidence window',
        },
      },
      (await t.loginAs(Role.FACILITIES)).token,
    );
    const rejected = await t.gql<{ rejectCategoryChange: { status: string } }>(
      DECIDE('reject'),
      { id: second.data!.proposeCategoryChange.id, note: 'Thirty days is enough' },
      cpo.token,
    );
    expect(rejected.data!.rejectCategoryChange.status).toBe('REJECTED');
    const cctv = await t.gql<{ dataCategory: Category }>(CATEGORY, { code: 'CCTV' }, hr);
    expect(cctv.data!.dataCategory.retentionPeriod).toBe('P30D');

    // A department proposes for the categories it handles only, and reads only their proposals
    // (and its own); the CPO and the auditor read them all.
    const deniedBefore = await t.count('ledger_entries');
    const hrOnCctv = await t.gql(
      PROPOSE,
      { input: { categoryCode: 'CCTV', changes: { retentionPeriod: 'P1Y' }, reason: 'x' } },
      hr,
    );
    expect(hrOnCctv.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringContaining('categories it handles') as unknown,
    });
    expect(await t.count('ledger_entries')).toBe(deniedBefore + 1);
    const unknown = await t.gql(
      PROPOSE,
      {
        input: {
          categoryCode: 'NO_SUCH_CATEGORY',
          changes: { retentionPeriod: 'P1Y' },
          reason: 'x',
        },
      },
      hr,
    );
    expect(unknown.errors?.[0]!.extensions?.code).toBe('NOT_FOUND');
    const LIST = `{ categoryChangeProposals(first: 50) { edges { node { categoryCode } } } }`;
    const listed = async (token: string) =>
      (
        await t.gql<{ categoryChangeProposals: { edges: { node: { categoryCode: string } }[] } }>(
          LIST,
          {},
          token,
        )
      ).data!.categoryChangeProposals.edges.map((e) => e.node.categoryCode);
    expect(await listed(hr)).toEqual(['APPLICANT']);
    expect(await listed((await t.loginAs(Role.FACILITIES)).token)).toEqual(['CCTV']);
    expect(await listed((await t.loginAs(Role.SALES)).token)).toEqual([]);
    expect((await listed(cpo.token)).sort()).toEqual(['APPLICANT', 'CCTV']);
    expect((await listed((await t.loginAs(Role.AUDITOR)).token)).sort()).toEqual([
      'APPLICANT',
      'CCTV',
    ]);

    await t.sealLedger();
    const actions = (await t.ledgerRows(`target_type = 'CategoryChangeProposal'`)).map(
      (r) => r.action,
    );
    expect(actions).toEqual([
      'CHANGE_PROPOSED',
      'CHANGE_APPROVED',
      'CHANGE_PROPOSED',
      'CHANGE_REJECTED',
    ]);
    const history = await t.gql<{ categoryHistory: { note: string | null }[] }>(
      HISTORY,
      { code: 'APPLICANT' },
      hr,
    );
    expect(history.data!.categoryHistory.at(-1)!.note).toBe(`approved proposal ${id}`);
  });

  it('tracks reviews: everything is due until reviewed, then due again a review interval later', async () => {
    const DUE = '{ categoriesDueForReview { code } }';
    const due = await t.gql<{ categoriesDueForReview: { code: string }[] }>(DUE, {}, hr);
    expect(due.data!.categoriesDueForReview.map((c) => c.code)).toContain('PARTNER_CONTACT');
    const reviewed = await t.gql<{
      markCategoryReviewed: { code: string; lastReviewedAt: string; reviewDueAt: string };
    }>(
      'mutation { markCategoryReviewed(code: "PARTNER_CONTACT", note: "annual check 2026") { code lastReviewedAt reviewDueAt } }',
      {},
      cpo.token,
    );
    const { lastReviewedAt, reviewDueAt } = reviewed.data!.markCategoryReviewed;
    expect(new Date(reviewDueAt).getUTCFullYear() - new Date(lastReviewedAt).getUTCFullYear()).toBe(
      1,
    );
    const dueNow = await t.gql<{ categoriesDueForReview: { code: string }[] }>(DUE, {}, hr);
    expect(dueNow.data!.categoriesDueForReview.map((c) => c.code)).not.toContain('PARTNER_CONTACT');
    // A year and a day on, it is due again (the interval is applied by PostgreSQL).
    await t.changedBySql(
      `UPDATE data_categories SET last_reviewed_at = now() - interval '1 year 1 day' WHERE code = 'PARTNER_CONTACT'`,
    );
    const dueAgain = await t.gql<{ categoriesDueForReview: { code: string }[] }>(DUE, {}, hr);
    expect(dueAgain.data!.categoriesDueForReview.map((c) => c.code)).toContain('PARTNER_CONTACT');
    const history = await t.gql<{ categoryHistory: { change: string; note: string }[] }>(
      HISTORY,
      { code: 'PARTNER_CONTACT' },
      hr,
    );
    expect(history.data!.categoryHistory.at(-1)).toMatchObject({
      change: 'REVIEWED',
      note: 'annual check 2026',
    });
  });

  it('is readable by every role and by catalog:read keys, not by anonymous callers', async () => {
    for (const role of [Role.ADMIN, Role.AUDITOR, Role.SALES, Role.SUPPORT, Role.FACILITIES]) {
      const { token } = await t.loginAs(role);
      expect((await categories({}, token)).length).toBeGreaterThanOrEqual(12);
    }
    const admin = (await t.loginAs(Role.ADMIN)).token;
    const key = await t.gql<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "intranet", scopes: ["catalog:read"] }) { secret } }',
      {},
      admin,
    );
    expect((await categories({}, key.data!.createApiKey.secret)).length).toBeGreaterThanOrEqual(12);
    const anonymous = await t.gql(CATEGORIES, {});
    expect(anonymous.errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
