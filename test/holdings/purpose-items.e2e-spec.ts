import { Role, TestApp } from '../harness/test-app';

/**
 * Field rules deny by default. A read returns what the role may see AND the
 * purpose needs (the catalog's purposeItems, seeded from the privacy policy); the rest is named
 * in withheldItems and left out of the READ entry. The list is catalog data: edited, validated
 * and versioned like the rest of the category.
 */
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`;
const READ = `query($id: ID!, $purpose: String!) { record(id: $id, purpose: $purpose) {
  values { key value } withheldItems } }`;
const CATEGORY = `query { dataCategory(code: "EMPLOYEE") { version purposeItems { purposeCode itemKeys } } }`;
const UPDATE = `mutation($input: DataCategoryChanges!) { updateDataCategory(code: "EMPLOYEE", input: $input) {
  version purposeItems { purposeCode itemKeys } } }`;

type Read = { record: { values: { key: string; value: string }[]; withheldItems: string[] } };

describe('purposes name the items they need: a read returns only those', () => {
  let t: TestApp;
  let hr: string;
  let cpo: string;
  let recordId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    hr = (await t.loginAs(Role.HR)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
    const created = await t.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'consent-form',
          values: [
            { key: 'name', value: '山田 花子' },
            { key: 'department', value: 'System Development' },
            { key: 'position', value: 'Engineer' },
            { key: 'email', value: 'hanako@example.jp' },
            { key: 'qualifications', value: 'IPA AP' },
            { key: 'bankAccount', value: 'MUFG 1234567' },
            { key: 'address', value: 'Osaka' },
          ],
        },
      },
      hr,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    recordId = created.data.createRecord.id;
  });
  afterAll(() => t.close());

  it('HR reading an employee for ENTRANCE_APPROVAL gets policy §3.1 items only: no bank account', async () => {
    const read = await t.gql<Read>(READ, { id: recordId, purpose: 'ENTRANCE_APPROVAL' }, hr);
    expect(read.errors).toBeUndefined();
    expect(read.data!.record.values.map((v) => v.key).sort()).toEqual([
      'department',
      'email',
      'name',
      'position',
      'qualifications',
    ]);
    expect(read.data!.record.withheldItems).toEqual(['address', 'bankAccount']);
    await t.sealLedger();
    const [entry] = await t.ledgerRows(
      `action = 'READ' AND target_id = $1 AND purpose_code = 'ENTRANCE_APPROVAL'`,
      [recordId],
    );
    expect(entry!.fields).toEqual(['department', 'email', 'name', 'position', 'qualifications']);
    expect(entry!.details).toEqual({ withheld: ['address', 'bankAccount'] });
    // Payroll is personnel administration: there the account is needed and shown.
    const personnel = await t.gql<Read>(READ, { id: recordId, purpose: 'PERSONNEL_ADMIN' }, hr);
    expect(personnel.data!.record.values.map((v) => v.key)).toContain('bankAccount');
  });

  it('the catalog edit validates the needed items (unknown key → BAD_USER_INPUT, nothing written) and versions them', async () => {
    const before = await t.gql<{
      dataCategory: {
        version: number;
        purposeItems: { purposeCode: string; itemKeys: string[] }[];
      };
    }>(CATEGORY, {}, cpo);
    const { version, purposeItems } = before.data!.dataCategory;
    expect(purposeItems.find((p) => p.purposeCode === 'ENTRANCE_APPROVAL')!.itemKeys).not.toContain(
      'bankAccount',
    );
    const versions = await t.count('catalog_versions');
    const with_ = (purposeCode: string, itemKeys: string[]) =>
      purposeItems.map((p) =>
        p.purposeCode === 'ENTRANCE_APPROVAL' ? { purposeCode, itemKeys } : p,
      );
    for (const bad of [
      with_('ENTRANCE_APPROVAL', ['name', 'shoeSize']),
      with_('CRIME_PREVENTION', ['name']),
    ]) {
      const refused = await t.gql(UPDATE, { input: { purposeItems: bad } }, cpo);
      expect(refused.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]!.extensions?.fields ?? ['purposeItems']).toEqual(['purposeItems']);
    }
    expect(await t.count('catalog_versions')).toBe(versions);
    const narrowed = await t.gql<{ updateDataCategory: { version: number } }>(
      UPDATE,
      { input: { purposeItems: with_('ENTRANCE_APPROVAL', ['name']) } },
      cpo,
    );
    expect(narrowed.errors).toBeUndefined();
    expect(narrowed.data!.updateDataCategory.version).toBe(version + 1);
    const [snapshot] = await t.dataSource.query<{ changed_fields: string[] }[]>(
      `SELECT changed_fields FROM catalog_versions WHERE code = 'EMPLOYEE' ORDER BY version DESC LIMIT 1`,
    );
    expect(snapshot!.changed_fields).toEqual(['purposeItems']);
    const read = await t.gql<Read>(READ, { id: recordId, purpose: 'ENTRANCE_APPROVAL' }, hr);
    expect(read.data!.record.values.map((v) => v.key)).toEqual(['name']);
  });
});
