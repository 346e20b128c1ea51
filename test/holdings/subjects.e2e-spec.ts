import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyRotation } from '@daicho/holdings';
import { LedgerVerifier } from '@daicho/ledger';
import { Role, TestApp } from '../harness/test-app';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const FIND = `query($email: String, $phone: String, $name: String) { findSubjects(email: $email, phone: $phone, name: $name) {
  edges { node { id kind erasedAt records { id categoryCode status itemKeys } } } } }`;
const FOOTPRINT = `query($id: ID!) { subjectFootprint(subjectId: $id) { subject { id } categories { categoryCode records }
  accesses { action actorRole purposeCode fields } } }`;
const ERASE = `mutation($id: ID!) { eraseSubject(subjectId: $id, reason: "request for erasure (APPI art. 35)") { id erasedAt } }`;

describe('requests from the person: find, footprint, erase', () => {
  let t: TestApp;
  let hr: string;
  let cpo: string;
  let recordId: string;
  let subjectId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    hr = (await t.loginAs(Role.HR)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
    const created = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'APPLICANT',
          collectedAt: '2026-10-01T00:00:00Z',
          source: 'application form',
          values: [
            { key: 'name', value: '山田 花子' },
            { key: 'email', value: 'hanako.yamada@example.jp' },
            { key: 'phone', value: '090-1234-5678' },
          ],
        },
      },
      hr,
    );
    recordId = created.data!.createRecord.id;
    subjectId = created.data!.createRecord.subjectId;
    await t.gql(`query { record(id: "${recordId}", purpose: "RECRUITMENT") { id } }`, {}, hr);
  });
  afterAll(() => t.close());

  it('finds a person by what they tell us, however it is written, and only the CPO may', async () => {
    const found = await t.gql<{
      findSubjects: { edges: { node: { id: string; records: { categoryCode: string }[] } }[] };
    }>(FIND, { email: ' Hanako.Yamada@Example.JP ', phone: '+81 90 1234 5678' }, cpo);
    expect(found.data!.findSubjects.edges.map((e) => e.node)).toEqual([
      {
        id: subjectId,
        kind: 'APPLICANT',
        erasedAt: null,
        records: [expect.objectContaining({ categoryCode: 'APPLICANT', status: 'ACTIVE' })],
      },
    ]);
    expect(
      (
        await t.gql<{ findSubjects: { edges: unknown[] } }>(
          FIND,
          { email: 'hanako.yamada@example.jp', name: '別人' },
          cpo,
        )
      ).data!.findSubjects.edges,
    ).toEqual([]);
    expect((await t.gql(FIND, {}, cpo)).errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(
      (await t.gql(FIND, { email: 'hanako.yamada@example.jp' }, hr)).errors?.[0]!.extensions?.code,
    ).toBe('FORBIDDEN');
    await t.sealLedger();
    const [search] = await t.ledgerRows(`target_type = 'SubjectSearch'`);
    expect(search).toMatchObject({
      purpose_code: 'DATA_SUBJECT_REQUEST',
      fields: ['email', 'phone'],
    });
    expect(JSON.stringify(search)).not.toContain('hanako');
  });

  it('shows the footprint: categories, counts and who accessed what, for which purpose', async () => {
    const answer = await t.gql<{
      subjectFootprint: {
        categories: unknown[];
        accesses: { action: string; actorRole: string; purposeCode: string | null }[];
      };
    }>(FOOTPRINT, { id: subjectId }, cpo);
    expect(answer.data!.subjectFootprint.categories).toEqual([
      { categoryCode: 'APPLICANT', records: 1 },
    ]);
    expect(answer.data!.subjectFootprint.accesses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'CREATE', actorRole: 'HR' }),
        expect.objectContaining({ action: 'READ', actorRole: 'HR', purposeCode: 'RECRUITMENT' }),
      ]),
    );
  });

  it('erases by shredding the key: records unreadable, indexes gone, the ledger intact and verifying', async () => {
    expect((await t.gql(ERASE, { id: subjectId }, hr)).errors?.[0]!.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const erased = await t.gql<{ eraseSubject: { erasedAt: string } }>(
      ERASE,
      { id: subjectId },
      cpo,
    );
    expect(erased.data!.eraseSubject.erasedAt).toEqual(expect.any(String));
    const [subject] = await t.dataSource.query<{ wrapped_key: Buffer | null }[]>(
      'SELECT wrapped_key FROM data_subjects WHERE id = $1',
      [subjectId],
    );
    expect(subject!.wrapped_key).toBeNull();
    expect(await t.count('subject_blind_indexes')).toBe(0);
    expect(
      (
        await t.gql<{ findSubjects: { edges: unknown[] } }>(
          FIND,
          { email: 'hanako.yamada@example.jp' },
          cpo,
        )
      ).data!.findSubjects.edges,
    ).toEqual([]);
    const read = await t.gql(
      `query { record(id: "${recordId}", purpose: "RECRUITMENT") { id } }`,
      {},
      hr,
    );
    expect(read.errors?.[0]?.extensions?.code).toBe('SUBJECT_ERASED');
    expect((await t.gql(ERASE, { id: subjectId }, cpo)).errors?.[0]!.extensions?.code).toBe(
      'CONFLICT',
    );

    await t.sealLedger();
    const aboutThem = await t.ledgerRows('subject_id = $1', [subjectId]);
    expect(aboutThem.map((e) => e.action)).toEqual(
      expect.arrayContaining(['CREATE', 'READ', 'DISPOSE', 'ERASE']),
    );
    expect(await t.app.get(LedgerVerifier).verify()).toMatchObject({ ok: true });
  });

  it('rotates the master key: data keys re-wrapped, values untouched and readable, the old key retired', async () => {
    const other = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'APPLICANT',
          collectedAt: '2026-10-02T00:00:00Z',
          source: 'application form',
          values: [{ key: 'name', value: '鈴木 次郎' }],
        },
      },
      hr,
    );
    const before = await t.dataSource.query<{ master_key_id: string; sealed_values: Buffer }[]>(
      `SELECT s.master_key_id, r.sealed_values FROM data_subjects s JOIN personal_records r ON r.subject_id = s.id WHERE r.id = $1`,
      [other.data!.createRecord.id],
    );
    const result = await t.app.get(KeyRotation).rotate();
    expect(result.retiredKeyIds).toEqual([before[0]!.master_key_id]);
    expect(result.rewrapped).toBeGreaterThanOrEqual(1);
    const after = await t.dataSource.query<{ master_key_id: string; sealed_values: Buffer }[]>(
      `SELECT s.master_key_id, r.sealed_values FROM data_subjects s JOIN personal_records r ON r.subject_id = s.id WHERE r.id = $1`,
      [other.data!.createRecord.id],
    );
    expect(after[0]!.master_key_id).toBe(result.newKeyId);
    expect(after[0]!.sealed_values.equals(before[0]!.sealed_values)).toBe(true); // values not re-encrypted
    const keyFile = await readFile(join(t.dataDir, 'holdings-master.keys'), 'utf8');
    expect(keyFile).toContain(result.newKeyId);
    expect(keyFile).not.toContain(before[0]!.master_key_id);
    const read = await t.gql<{ record: { values: { value: string }[] } }>(
      `query { record(id: "${other.data!.createRecord.id}", purpose: "RECRUITMENT") { values { value } } }`,
      {},
      hr,
    );
    expect(read.data!.record.values.map((v) => v.value)).toEqual(['鈴木 次郎']);
    await t.sealLedger();
    expect((await t.ledgerRows(`action = 'KEY_ROTATION'`)).length).toBe(1);
  });
});
