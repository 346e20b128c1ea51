import { randomUUID } from 'node:crypto';
import { todayInJapan } from '@daicho/platform';
import { RetentionService } from '@daicho/holdings';
import { Client } from 'pg';
import { Role, TestApp, type GraphqlAnswer } from '../harness/test-app';

/**
 * Legal holds (APPI arts. 33–35): while a request about a person is open, nothing of theirs is
 * disposed of or erased, by hand or by the retention sweeper; a hold and a disposal or erasure
 * racing each other serialise on the person's row, so a held person never loses a record.
 */
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const DISPOSE = `mutation($id: ID!) { disposeRecord(id: $id, reason: "no longer needed") { id status } }`;
const ERASE = `mutation($id: ID!) { eraseSubject(subjectId: $id, reason: "asked for erasure") { id erasedAt } }`;
const R = `id status subjectIds`;
const RECEIVE = `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { ${R} } }`;
const CHECK = `mutation($id: ID!, $input: RecordIdentityCheckInput!) { recordIdentityCheck(requestId: $id, input: $input) { ${R} } }`;
const MATCH = `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { ${R} } }`;
const DECIDE = `mutation($id: ID!, $input: DecideRequestInput!) { decideRequest(requestId: $id, input: $input) { ${R} } }`;
const RESPOND = `mutation($id: ID!, $input: RespondToRequestInput!) { respondToRequest(requestId: $id, input: $input) { ${R} } }`;
const CLOSE = `mutation($id: ID!) { closeRequest(requestId: $id) { ${R} } }`;
const CONFIRMED = {
  subject: 'REQUESTER',
  documentType: 'DRIVERS_LICENSE',
  domicileBlackedOut: true,
  result: 'CONFIRMED',
};
/** Today as the server counts days: in Japan (after 15:00 UTC it is already tomorrow there). */
const TODAY = todayInJapan();
const PARALLEL = 20;

const codeOf = (a: GraphqlAnswer) => a.errors?.[0]?.extensions?.code ?? 'OK';

describe('legal holds: no disposal or erasure of a held person, by hand or by the sweeper', () => {
  let t: TestApp;
  let cpo: string;
  let facilities: string;

  const ok = async <T>(query: string, variables: Record<string, unknown>, token = cpo) => {
    const answer = await t.gql<Record<string, T>>(query, variables, token);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0];
  };
  /** A CCTV record collected long ago: already past its retention (P30D). */
  const footage = (subjectId?: string) =>
    ok<{ id: string; subjectId: string }>(
      CREATE,
      {
        input: {
          categoryCode: 'CCTV',
          subjectId,
          collectedAt: '2026-08-01T00:00:00Z',
          source: 'camera 2',
          values: [
            { key: 'cameraLocation', value: 'gate' },
            { key: 'capturedAt', value: '2026-08-01T00:00:00Z' },
          ],
        },
      },
      facilities,
    );
  /** A request from the person, identity confirmed, ready to be matched (which holds them). */
  const openRequest = async () => {
    const r = await ok<{ id: string }>(RECEIVE, {
      input: {
        kind: 'SUSPENSION_OR_ERASURE',
        channel: 'MAIL',
        receivedAt: '2026-12-01T09:30:00+09:00',
        requester: { name: '保留 太郎', address: '東京都千代田区1-1-1' },
      },
    });
    await ok(CHECK, { id: r!.id, input: CONFIRMED });
    return r!.id;
  };
  /** Refused, answered and closed: the request's holds are lifted. */
  const closeRequest = async (id: string) => {
    await ok(DECIDE, { id, input: { outcome: 'REFUSE', grounds: ['VIOLATES_LAWS'] } });
    await ok(RESPOND, { id, input: { sentOn: TODAY, method: 'SEALED_LETTER' } });
    await ok(CLOSE, { id });
  };
  const state = async (subjectIds: string[]) =>
    t.dataSource.query<{ id: string; erased: boolean; active: number; held: boolean }[]>(
      `SELECT s.id, s.erased_at IS NOT NULL AS erased,
              (SELECT count(*)::int FROM personal_records r
                WHERE r.subject_id = s.id AND r.status = 'ACTIVE') AS active,
              EXISTS (SELECT 1 FROM subject_legal_holds h WHERE h.subject_id = s.id) AS held
         FROM data_subjects s WHERE s.id = ANY($1::uuid[]) ORDER BY s.id`,
      [subjectIds],
    );

  beforeAll(async () => {
    t = await TestApp.start({ RETENTION_SWEEP_HOURS: '0' });
    cpo = (await t.loginAs(Role.CPO)).token;
    facilities = (await t.loginAs(Role.FACILITIES)).token;
  });
  afterAll(() => t.close());

  it('refuses disposeRecord and eraseSubject as CONFLICT while the person is held, and allows them once released', async () => {
    const first = await footage();
    const second = await footage(first!.subjectId);
    const request = await openRequest();
    await ok(MATCH, { id: request, s: [first!.subjectId] });
    await t.sealLedger();
    const entriesBefore = (await t.ledgerRows()).length;

    const disposal = await t.gql(DISPOSE, { id: first!.id }, facilities);
    expect(codeOf(disposal)).toBe('CONFLICT');
    expect(disposal.errors?.[0]?.message).toContain('legal hold');
    const erasure = await t.gql(ERASE, { id: first!.subjectId }, cpo);
    expect(codeOf(erasure)).toBe('CONFLICT');
    expect(erasure.errors?.[0]?.message).toContain('legal hold');
    expect(await state([first!.subjectId])).toEqual([
      { id: first!.subjectId, erased: false, active: 2, held: true },
    ]);
    const sweep = await t.app.get(RetentionService).run({ dryRun: false });
    expect(sweep).toMatchObject({ disposed: 0, held: 2 });
    // A refused CONFLICT writes nothing (it is not an access denial); the sweep says it held two.
    await t.sealLedger();
    expect((await t.ledgerRows()).slice(entriesBefore).map((e) => e.action)).toEqual([
      'RETENTION_SWEEP',
    ]);

    await closeRequest(request);
    expect(codeOf(await t.gql(DISPOSE, { id: first!.id }, facilities))).toBe('OK');
    expect(codeOf(await t.gql(ERASE, { id: first!.subjectId }, cpo))).toBe('OK');
    expect(await state([first!.subjectId])).toEqual([
      { id: first!.subjectId, erased: true, active: 0, held: false },
    ]);
    await t.sealLedger();
    const disposals = await t.ledgerRows(`action = 'DISPOSE' AND subject_id = $1`, [
      first!.subjectId,
    ]);
    expect(disposals.map((e) => [e.target_id, (e.details as { kind: string }).kind])).toEqual([
      [first!.id, 'MANUAL'],
      [second!.id, 'SUBJECT_ERASURE'],
    ]);
  });

  it('a hold in flight: the sweeper, a disposal and an erasure wait for it, then see it', async () => {
    const record = await footage();
    // Stands in for a matching whose transaction has locked the person and placed the hold but
    // not yet committed (the API cannot be paused there): the others must wait for its outcome.
    const matching = new Client({ connectionString: t.adminUrl });
    await matching.connect();
    try {
      await matching.query('BEGIN');
      await matching.query(`SELECT id FROM data_subjects WHERE id = $1 FOR SHARE`, [
        record!.subjectId,
      ]);
      await matching.query(
        `INSERT INTO subject_legal_holds (subject_id, held_for) VALUES ($1, $2)`,
        [record!.subjectId, randomUUID()],
      );
      const sweep = t.app.get(RetentionService).run({ dryRun: false });
      const disposal = t.gql(DISPOSE, { id: record!.id }, facilities);
      const erasure = t.gql(ERASE, { id: record!.subjectId }, cpo);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await matching.query('COMMIT');
      expect(await sweep).toMatchObject({ disposed: 0, held: 1 });
      expect(codeOf(await disposal)).toBe('CONFLICT');
      expect(codeOf(await erasure)).toBe('CONFLICT');
    } finally {
      await matching.end();
    }
    expect(await state([record!.subjectId])).toEqual([
      { id: record!.subjectId, erased: false, active: 1, held: true },
    ]);
    await t.dataSource.query(`DELETE FROM subject_legal_holds WHERE subject_id = $1`, [
      record!.subjectId,
    ]);
  });

  it(`${PARALLEL} concurrent holds ‖ erasures ‖ sweeps: a held person never loses a record`, async () => {
    const people = [];
    for (let i = 0; i < PARALLEL; i++) people.push(await footage());
    const requests: string[] = [];
    for (let i = 0; i < PARALLEL; i++) requests.push(await openRequest());
    const retention = t.app.get(RetentionService);
    // Sweeps start while the holds and erasures are under way: each after some of them answered.
    const sweeps: Promise<{ recordIds: string[] }>[] = [];
    let answered = 0;
    const counted = (call: Promise<GraphqlAnswer>) =>
      call.then((answer) => {
        answered += 1;
        if ([2, 8, 16, 24, 32].includes(answered)) sweeps.push(retention.run({ dryRun: false }));
        return answer;
      });
    const answers = await Promise.all(
      people.flatMap((p, i) => {
        const hold = () => counted(t.gql(MATCH, { id: requests[i], s: [p!.subjectId] }, cpo));
        const erase = () => counted(t.gql(ERASE, { id: p!.subjectId }, cpo));
        // Half the pairs send the erasure first (answers stay in [hold, erasure] order).
        return i % 2 === 0 ? [hold(), erase()] : [erase(), hold()].reverse();
      }),
    );
    const swept = (await Promise.all(sweeps)).flatMap((run) => run.recordIds);
    for (let i = 0; i < PARALLEL; i++) {
      const [hold, erase] = [codeOf(answers[2 * i]!), codeOf(answers[2 * i + 1]!)];
      // The hold went first and the erasure was refused; or the person was erased or their only
      // record swept first, and the hold found nothing active to hold (the matching's own check,
      // or the hold's check under the person's lock when the sweep committed while it waited).
      if (hold === 'OK') {
        expect(erase).toBe('CONFLICT');
      } else {
        expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(hold);
        expect(erase).toBe('OK');
      }
    }
    swept.push(...(await retention.run({ dryRun: false })).recordIds);
    const after = await state(people.map((p) => p!.subjectId));
    for (const person of after.filter((s) => s.held)) {
      expect(person).toMatchObject({ erased: false, active: 1 });
      expect(swept).not.toContain(people.find((p) => p!.subjectId === person.id)!.id);
    }
    const held = answers.filter((a, i) => i % 2 === 0 && codeOf(a) === 'OK').length;
    expect(after.filter((s) => s.held)).toHaveLength(held);
  });
});
