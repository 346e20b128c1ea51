import { RetentionService } from '@daicho/holdings';
import { Role, TestApp } from '../harness/test-app';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const DISPOSE = `mutation($id: ID!) { disposeRecord(id: $id, reason: "no longer needed") { id } }`;
const FIND = `query($email: String) { findSubjects(email: $email) { edges { node { id } } } }`;

/**
 * A person is found for a request by what their records hold. A disposed (or shredded) record's
 * values once stayed findable through their digests: a request naming that e-mail address was
 * matched to a person who no longer holds it (here, a colleague's address entered by mistake).
 */
describe('holdings: digests go with the values they were made from', () => {
  let t: TestApp;
  let hr: string;
  let cpo: string;
  beforeAll(async () => {
    t = await TestApp.start({ RETENTION_SWEEP_HOURS: '0' });
    hr = (await t.loginAs(Role.HR)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
  });
  afterAll(() => t.close());

  const found = async (email: string) =>
    (
      await t.gql<{ findSubjects: { edges: { node: { id: string } }[] } }>(FIND, { email }, cpo)
    ).data!.findSubjects.edges.map((e) => e.node.id);
  const applicant = async (
    email: string,
    subjectId?: string,
    collectedAt = '2026-10-01T00:00:00Z',
  ) => {
    const answer = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'APPLICANT',
          ...(subjectId ? { subjectId } : {}),
          collectedAt,
          source: 'application form',
          values: [
            { key: 'name', value: '応募 者' },
            { key: 'email', value: email },
          ],
        },
      },
      hr,
    );
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.createRecord;
  };

  it('forgets a disposed record’s values, and keeps the rest of the person’s', async () => {
    const kept = await applicant('kept.address@example.jp');
    const wrong = await applicant('colleague@example.jp', kept.subjectId);
    expect(await found('colleague@example.jp')).toEqual([kept.subjectId]);
    expect((await t.gql(DISPOSE, { id: wrong.id }, hr)).errors).toBeUndefined();
    expect(await found('colleague@example.jp')).toEqual([]);
    expect(await found('kept.address@example.jp')).toEqual([kept.subjectId]);
  });

  it('forgets the values the retention sweep shreds', async () => {
    // An applicant's record is kept from the end of recruitment: one that ended long ago is due.
    const old = await applicant('old.applicant@example.jp', undefined, '2019-01-01T00:00:00Z');
    const ended = await t.gql(
      `mutation($input: RecordEventInput!) { recordEvent(input: $input) { retentionDueAt } }`,
      {
        input: { recordId: old.id, event: 'PURPOSE_ACHIEVED', occurredAt: '2019-06-30T00:00:00Z' },
      },
      hr,
    );
    expect(ended.errors).toBeUndefined();
    expect(await found('old.applicant@example.jp')).toEqual([old.subjectId]);
    await t.app.get(RetentionService).run({ dryRun: false });
    expect(await found('old.applicant@example.jp')).toEqual([]);
  });

  it('forgets a value changed away, and keeps one another record still holds', async () => {
    const UPDATE = `mutation($id: ID!, $input: UpdateRecordInput!) { updateRecord(id: $id, input: $input) { id } }`;
    const change = async (id: string, email: string) =>
      expect(
        (await t.gql(UPDATE, { id, input: { values: [{ key: 'email', value: email }] } }, hr))
          .errors,
      ).toBeUndefined();
    const first = await applicant('before.change@example.jp');
    await change(first.id, 'after.change@example.jp');
    expect(await found('before.change@example.jp')).toEqual([]);
    expect(await found('after.change@example.jp')).toEqual([first.subjectId]);
    // The same address on two of the person's records: changing one keeps the person findable.
    const second = await applicant('after.change@example.jp', first.subjectId);
    await change(second.id, 'third.change@example.jp');
    expect(await found('after.change@example.jp')).toEqual([first.subjectId]);
    expect(await found('third.change@example.jp')).toEqual([first.subjectId]);
  });

  it('keeps exactly the values held after 20 changes of one person in parallel', async () => {
    const UPDATE = `mutation($id: ID!, $input: UpdateRecordInput!) { updateRecord(id: $id, input: $input) { id } }`;
    const first = await applicant('parallel.0@example.jp');
    const records = [first];
    for (let n = 1; n < 5; n++)
      records.push(await applicant(`parallel.${n}@example.jp`, first.subjectId));
    const changes = Array.from({ length: 20 }, (_, n) => ({
      id: records[n % 5]!.id,
      email: `parallel.changed.${n}@example.jp`,
    }));
    const answers = await Promise.all(
      changes.map((c) =>
        t.gql(UPDATE, { id: c.id, input: { values: [{ key: 'email', value: c.email }] } }, hr),
      ),
    );
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK')).toEqual(
      changes.map(() => 'OK'),
    );
    // Whichever change of each record committed last is what it holds: exactly those five are
    // found (a digest lost to a race would make fewer; a stale one kept, more).
    const held = new Set<string>();
    for (const c of changes) if ((await found(c.email)).length > 0) held.add(c.email);
    expect(held.size).toBe(5);
    for (let n = 0; n < 5; n++) expect(await found(`parallel.${n}@example.jp`)).toEqual([]);
  });
});
