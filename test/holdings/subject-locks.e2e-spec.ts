import { randomUUID } from 'node:crypto';
import { Role, TestApp } from '../harness/test-app';

/**
 * A person's row is locked by whoever adds to or changes their records
 * and by their erasure, so nothing new appears for an erased person; and a department attaches
 * records only to people it already handles (a missing, an erased and another department's
 * person answer alike).
 */
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateRecordInput!) { updateRecord(id: $id, input: $input) { id } }`;
const ERASE = `mutation($id: ID!) { eraseSubject(subjectId: $id, reason: "request for erasure (APPI art. 35)") { id erasedAt } }`;
const FIND = `query($email: String) { findSubjects(email: $email) { edges { node { id } } } }`;
const LIST = `query { records(categoryCode: "APPLICANT", purpose: "RECRUITMENT", first: 100) { edges { node { id } } } }`;
const PAIRS = 20;

type Answer = { errors?: { message: string; extensions?: { code?: string } }[] };
const codeOf = (a: Answer) => a.errors?.[0]?.extensions?.code ?? 'OK';

describe('subject locks: erasure against creates, changes and files; attaching to a known person only', () => {
  let t: TestApp;
  let hr: string;
  let sales: string;
  let cpo: string;

  const applicant = async (email: string) => {
    const created = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'APPLICANT',
          collectedAt: '2026-10-01T00:00:00Z',
          source: 'application form',
          values: [
            { key: 'name', value: 'Applicant' },
            { key: 'email', value: email },
          ],
        },
      },
      hr,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    return created.data.createRecord;
  };
  const employee = async (name: string) => {
    const created = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'consent-form',
          values: [{ key: 'name', value: name }],
        },
      },
      hr,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    return created.data.createRecord;
  };
  const attach = (token: string, categoryCode: string, subjectId: string, email: string) =>
    t.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode,
          subjectId,
          collectedAt: '2026-11-01T00:00:00Z',
          source: 'web form',
          values: [
            { key: 'name', value: 'Someone' },
            { key: 'email', value: email },
          ],
        },
      },
      token,
    );
  const upload = (recordId: string) =>
    t.http
      .put(`/records/${recordId}/items/faceImage`)
      .set('authorization', `Bearer ${hr}`)
      .set('content-type', 'application/octet-stream')
      .set('x-content-type', 'image/jpeg')
      .send(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('FAKE-JPEG')]));
  const activeOrIndexed = async (subjectIds: string[]) => {
    const [row] = await t.dataSource.query<{ active: number; indexes: number; files: number }[]>(
      `SELECT (SELECT count(*)::int FROM personal_records
                WHERE subject_id = ANY($1::uuid[]) AND status = 'ACTIVE') AS active,
              (SELECT count(*)::int FROM subject_blind_indexes
                WHERE subject_id = ANY($1::uuid[])) AS indexes,
              (SELECT count(*)::int FROM record_binaries b JOIN personal_records r ON r.id = b.record_id
                WHERE r.subject_id = ANY($1::uuid[]) AND b.sealed_content IS NOT NULL) AS files`,
      [subjectIds],
    );
    return row;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    hr = (await t.loginAs(Role.HR)).token;
    sales = (await t.loginAs(Role.SALES)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
  });
  afterAll(() => t.close());

  it(`${PAIRS} concurrent pairs eraseSubject ‖ createRecord: nothing active or findable remains for an erased person`, async () => {
    const people = [];
    for (let i = 0; i < PAIRS; i++) people.push(await applicant(`first-${i}@example.test`));
    const answers = await Promise.all(
      people.flatMap((p, i) => [
        t.gql(ERASE, { id: p.subjectId }, cpo),
        attach(hr, 'APPLICANT', p.subjectId, `late-${i}@example.test`),
      ]),
    );
    const erasures = answers.filter((_, i) => i % 2 === 0);
    const creates = answers.filter((_, i) => i % 2 === 1);
    expect(erasures.map(codeOf)).toEqual(Array(PAIRS).fill('OK'));
    // A create either committed before the erasure (and was then disposed of by it) or waited
    // for it and was refused as SUBJECT_ERASED.
    for (const c of creates) {
      expect(['OK', 'SUBJECT_ERASED']).toContain(codeOf(c));
    }
    const subjectIds = people.map((p) => p.subjectId);
    expect(await activeOrIndexed(subjectIds)).toEqual({ active: 0, indexes: 0, files: 0 });
    for (let i = 0; i < PAIRS; i++) {
      const found = await t.gql<{ findSubjects: { edges: unknown[] } }>(
        FIND,
        { email: `late-${i}@example.test` },
        cpo,
      );
      expect(found.data!.findSubjects.edges).toEqual([]);
    }
    // HR's list of the category still reads: no active record of an erased person is left in it.
    const list = await t.gql<{ records: { edges: unknown[] } }>(LIST, {}, hr);
    expect(list.errors).toBeUndefined();
    expect(list.data!.records.edges).toEqual([]);
    // Every record a create managed to write before the erasure has its DISPOSE entry.
    const made = creates.filter((c) => codeOf(c) === 'OK').length;
    await t.sealLedger();
    const disposals = await t.ledgerRows(
      `action = 'DISPOSE' AND subject_id = ANY($1::uuid[]) AND details->>'kind' = 'SUBJECT_ERASURE'`,
      [subjectIds],
    );
    expect(disposals).toHaveLength(PAIRS + made);
    expect(
      await t.ledgerRows(`action = 'ERASE' AND subject_id = ANY($1::uuid[])`, [subjectIds]),
    ).toHaveLength(PAIRS);
  });

  it(`${PAIRS} concurrent triples eraseSubject ‖ updateRecord ‖ file upload: no value, index or file survives`, async () => {
    const people = [];
    for (let i = 0; i < PAIRS; i++) people.push(await employee(`Employee ${i}`));
    const answers = await Promise.all(
      people.flatMap((p, i) => [
        t.gql(ERASE, { id: p.subjectId }, cpo),
        t.gql(
          UPDATE,
          { id: p.id, input: { values: [{ key: 'email', value: `e${i}@x.test` }] } },
          hr,
        ),
        upload(p.id).then((res) => ({ status: res.status, body: res.body as Answer & object })),
      ]),
    );
    for (let i = 0; i < PAIRS; i++) {
      const [erase, update, put] = answers.slice(i * 3, i * 3 + 3) as [
        Answer,
        Answer,
        { status: number; body: { error?: { code: string; message: string } } },
      ];
      expect(codeOf(erase)).toBe('OK');
      expect(['OK', 'SUBJECT_ERASED']).toContain(codeOf(update));
      expect([204, 409]).toContain(put.status);
      if (put.status === 409) expect(put.body.error?.code).toBe('SUBJECT_ERASED');
    }
    expect(await activeOrIndexed(people.map((p) => p.subjectId))).toEqual({
      active: 0,
      indexes: 0,
      files: 0,
    });
    // After the erasure every later change answers SUBJECT_ERASED, never a 500.
    const [first] = people;
    if (!first) throw new Error('no people were made');
    const late = await t.gql(
      UPDATE,
      { id: first.id, input: { values: [{ key: 'email', value: 'z@x.test' }] } },
      hr,
    );
    expect(codeOf(late)).toBe('SUBJECT_ERASED');
    expect((await upload(first.id)).status).toBe(409);
  });

  it('attaches a record only to a person the caller already handles; missing, erased and unseen answer alike', async () => {
    const worker = await employee('Worker');
    const gone = await employee('Gone');
    expect(codeOf(await t.gql(ERASE, { id: gone.subjectId }, cpo))).toBe('OK');
    const customer = (
      await attach(sales, 'WEB_INQUIRY', undefined as unknown as string, 'c@example.test')
    ).data!.createRecord as unknown as { subjectId: string };
    await t.sealLedger();
    const before = {
      records: await t.count('personal_records'),
      subjects: await t.count('data_subjects'),
      indexes: await t.count('subject_blind_indexes'),
      denied: (await t.ledgerRows(`action = 'DENIED'`)).length,
    };

    const answers = [];
    for (const subjectId of [worker.subjectId, gone.subjectId, randomUUID()])
      answers.push(await attach(sales, 'WEB_INQUIRY', subjectId, 'planted@example.test'));
    const bodies = answers.map((a) => ({
      data: (a as { data?: unknown }).data,
      code: codeOf(a),
      message: a.errors?.[0]!.message,
    }));
    expect(bodies[0]).toEqual({
      data: null,
      code: 'NOT_FOUND',
      message: 'There is no data subject with that subjectId you may add records to.',
    });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);

    await t.sealLedger();
    expect({
      records: await t.count('personal_records'),
      subjects: await t.count('data_subjects'),
      indexes: await t.count('subject_blind_indexes'),
    }).toEqual({ records: before.records, subjects: before.subjects, indexes: before.indexes });
    // Each refusal is one DENIED entry, as for record() of an id the caller may not read.
    const denied = await t.ledgerRows(`action = 'DENIED'`);
    expect(denied.slice(before.denied).map((d) => [d.outcome, d.category_code, d.details])).toEqual(
      Array(3).fill([
        'DENIED',
        'WEB_INQUIRY',
        { operation: 'create PersonalRecord', reason: 'NOT_FOUND' },
      ]),
    );
    expect(
      (
        await t.gql<{ findSubjects: { edges: unknown[] } }>(
          FIND,
          { email: 'planted@example.test' },
          cpo,
        )
      ).data!.findSubjects.edges,
    ).toEqual([]);

    // The department's own people: SALES to its customer, HR from an employee to an application.
    expect(codeOf(await attach(sales, 'WEB_INQUIRY', customer.subjectId, 'c2@example.test'))).toBe(
      'OK',
    );
    expect(codeOf(await attach(hr, 'APPLICANT', worker.subjectId, 'w@example.test'))).toBe('OK');
    // An erased person the caller handled: SUBJECT_ERASED.
    const erased = await attach(hr, 'APPLICANT', gone.subjectId, 'g@example.test');
    expect(codeOf(erased)).toBe('SUBJECT_ERASED');
  });
});
