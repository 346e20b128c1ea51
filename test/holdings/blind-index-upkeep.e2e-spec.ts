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
});
