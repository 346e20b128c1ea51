import { RecordTextsBackfill } from '@daicho/holdings';
import { Role, TestApp } from '../harness/test-app';

/**
 * A record's free texts (source, consent reference, disposal reason) are sealed
 * under the subject's key, so no clear copy stays in the database and erasure shreds them; the
 * auditor's register says they exist, the roles that read the record get the text.
 */
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId source consentRef } }`;
const READ = `query($id: ID!) { record(id: $id, purpose: "PERSONNEL_ADMIN") { source consentRef } }`;
const DISPOSE = `mutation($id: ID!, $reason: String!) { disposeRecord(id: $id, reason: $reason) { status disposalReason } }`;
const ERASE = `mutation($id: ID!) { eraseSubject(subjectId: $id, reason: "ERASE-REASON-MARK by 山田's lawyer") { id } }`;
const REGISTER = `query($s: ID) { recordRegister(first: 50, filter: { subjectId: $s }) {
  edges { node { id status hasSource hasConsentRef hasDisposalReason } } } }`;

const SOURCE = 'SOURCE-MARK form handed in by 山田 花子の母';
const CONSENT = 'CONSENT-MARK 山田-2026-04';
const REASON = 'DISPOSE-MARK duplicate of 山田 file';
const MARKS = ['SOURCE-MARK', 'CONSENT-MARK', 'DISPOSE-MARK', 'ERASE-REASON-MARK', '山田'];

describe('free texts of a record: sealed under the subject key, erased with the person', () => {
  let t: TestApp;
  let hr: string;
  let cpo: string;
  let auditor: string;

  const clearIn = async (table: string) => {
    const rows = await t.dataSource.query<{ raw: string }[]>(
      `SELECT t::text AS raw FROM ${table} t`,
    );
    const raw = rows.map((r) => r.raw).join('\n');
    return MARKS.filter((m) => raw.includes(m));
  };
  const employee = async () => {
    const created = await t.gql<{
      createRecord: { id: string; subjectId: string; source: string; consentRef: string };
    }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: SOURCE,
          consentRef: CONSENT,
          values: [{ key: 'name', value: 'Employee' }],
        },
      },
      hr,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    return created.data.createRecord;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    hr = (await t.loginAs(Role.HR)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
  });
  afterAll(() => t.close());

  it('keeps no clear text in the database; the reader gets it, the auditor only its existence', async () => {
    const kept = await employee();
    expect(kept).toMatchObject({ source: SOURCE, consentRef: CONSENT });
    const disposed = await employee();
    const disposal = await t.gql<{ disposeRecord: { disposalReason: string } }>(
      DISPOSE,
      { id: disposed.id, reason: REASON },
      hr,
    );
    expect(disposal.data!.disposeRecord).toEqual({ status: 'DISPOSED', disposalReason: REASON });
    expect(await clearIn('personal_records')).toEqual([]);
    await t.sealLedger();
    expect(await clearIn('ledger_entries')).toEqual([]);
    const [row] = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT source, consent_ref, sealed_source, sealed_consent_ref FROM personal_records WHERE id = $1`,
      [kept.id],
    );
    expect(row).toMatchObject({ source: null, consent_ref: null });
    expect((row!.sealed_source as Buffer)[0]).toBe(0x01); // AES-256-GCM format byte

    const read = await t.gql<{ record: { source: string; consentRef: string } }>(
      READ,
      { id: kept.id },
      hr,
    );
    expect(read.data!.record).toEqual({ source: SOURCE, consentRef: CONSENT });

    const register = await t.gql<{ recordRegister: { edges: { node: unknown }[] } }>(
      REGISTER,
      {},
      auditor,
    );
    expect(register.errors).toBeUndefined();
    const nodes = register.data!.recordRegister.edges.map((e) => e.node);
    expect(nodes).toContainEqual({
      id: kept.id,
      status: 'ACTIVE',
      hasSource: true,
      hasConsentRef: true,
      hasDisposalReason: false,
    });
    expect(nodes).toContainEqual({
      id: disposed.id,
      status: 'DISPOSED',
      hasSource: true,
      hasConsentRef: true,
      hasDisposalReason: true,
    });
    expect(JSON.stringify(register.data)).not.toMatch(/MARK/);
    // The register has no field for the text at all.
    const asked = await t.gql(
      `query { recordRegister(first: 1) { edges { node { source } } } }`,
      {},
      auditor,
    );
    expect(asked.errors?.[0]!.message).toMatch(/Cannot query field "source"/);
  });

  it('answers a change with the texts it sent only: the others are read with a purpose, and recorded', async () => {
    const kept = await employee();
    const TEXTS = 'source consentRef disposalReason';
    const reads = async () =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM ledger_entries WHERE action = 'READ' AND target_id = $1`,
          [kept.id],
        )
      )[0]!.n;
    const before = await reads();
    // Nothing changed (no values, or the same ones): once an open door to the texts.
    for (const values of [
      [],
      [{ key: 'name', value: 'Employee' }],
      [{ key: 'name', value: 'New' }],
    ]) {
      const changed = await t.gql<{ updateRecord: Record<string, unknown> }>(
        `mutation($id: ID!, $values: [RecordValueInput!]!) { updateRecord(id: $id, input: { values: $values }) { ${TEXTS} } }`,
        { id: kept.id, values },
        hr,
      );
      expect(changed.data?.updateRecord).toEqual({
        source: null,
        consentRef: null,
        disposalReason: null,
      });
    }
    expect(await reads()).toBe(before);
    // Read with a purpose, they are there, and the read is an entry.
    const read = await t.gql<{ record: { source: string } }>(READ, { id: kept.id }, hr);
    expect(read.data!.record).toEqual({ source: SOURCE, consentRef: CONSENT });
    expect(await reads()).toBe(before + 1);
    const disposed = await t.gql<{ disposeRecord: Record<string, unknown> }>(
      `mutation($id: ID!) { disposeRecord(id: $id, reason: "duplicate file") { ${TEXTS} } }`,
      { id: kept.id },
      hr,
    );
    expect(disposed.data?.disposeRecord).toEqual({
      source: null,
      consentRef: null,
      disposalReason: 'duplicate file',
    });
    expect(await reads()).toBe(before + 1);
  });

  it('seals at start what older rows hold in clear, and erasure leaves every text unreadable', async () => {
    const person = await employee();
    const second = await employee();
    // A row as the previous version wrote it: texts in clear, nothing sealed.
    await t.dataSource.query(
      `UPDATE personal_records SET source = $2, consent_ref = $3, sealed_source = NULL,
              sealed_consent_ref = NULL WHERE id = $1`,
      [second.id, SOURCE, CONSENT],
    );
    expect(await clearIn('personal_records')).toEqual(['SOURCE-MARK', 'CONSENT-MARK', '山田']);
    expect(await t.app.get(RecordTextsBackfill).run()).toBe(1);
    expect(await clearIn('personal_records')).toEqual([]);
    expect(await t.app.get(RecordTextsBackfill).run()).toBe(0);
    const read = await t.gql<{ record: { source: string } }>(READ, { id: second.id }, hr);
    expect(read.data!.record).toEqual({ source: SOURCE, consentRef: CONSENT });

    // An erased person's leftover clear text (say, restored from an older row) goes too.
    await t.dataSource.query(`UPDATE personal_records SET disposal_reason = $2 WHERE id = $1`, [
      person.id,
      REASON,
    ]);
    expect((await t.gql(ERASE, { id: person.subjectId }, cpo)).errors).toBeUndefined();
    expect(await clearIn('personal_records')).toEqual([]);
    expect(await clearIn('data_subjects')).toEqual([]);
    const [subject] = await t.dataSource.query<{ wrapped_key: Buffer | null }[]>(
      'SELECT wrapped_key FROM data_subjects WHERE id = $1',
      [person.subjectId],
    );
    expect(subject!.wrapped_key).toBeNull(); // the only key the texts were sealed under is gone
    const [rec] = await t.dataSource.query<Record<string, Buffer | null>[]>(
      `SELECT sealed_source, sealed_consent_ref, sealed_disposal_reason FROM personal_records WHERE id = $1`,
      [person.id],
    );
    expect(rec!.sealed_source).not.toBeNull();
    expect(rec!.sealed_disposal_reason).not.toBeNull();
    // What the auditor still sees: that texts existed, not what they said.
    const register = await t.gql<{
      recordRegister: { edges: { node: Record<string, unknown> }[] };
    }>(REGISTER, { s: person.subjectId }, auditor);
    expect(register.data!.recordRegister.edges.map((e) => e.node)).toEqual([
      {
        id: person.id,
        status: 'DISPOSED',
        hasSource: true,
        hasConsentRef: true,
        hasDisposalReason: true,
      },
    ]);
  });
});
