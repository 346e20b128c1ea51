import { randomUUID } from 'node:crypto';
import { RequestContext } from '@daicho/access';
import { RetentionService } from '@daicho/holdings';
import { ForbiddenError, AuditTrail } from '@daicho/platform';
import { Role, TestApp } from '../harness/test-app';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId retentionDueAt } }`;
const READ = `query($id: ID!, $purpose: String!) { record(id: $id, purpose: $purpose) { values { key value } } }`;

describe('retention: due dates from events, disposal, the sweeper', () => {
  let t: TestApp;
  let hr: string;
  let facilities: string;
  let cpo: string;

  const create = async (token: string, input: Record<string, unknown>) => {
    const answer = await t.gql<{
      createRecord: { id: string; subjectId: string; retentionDueAt: string | null };
    }>(CREATE, { input }, token);
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.createRecord;
  };
  const employee = () =>
    create(hr, {
      categoryCode: 'EMPLOYEE',
      collectedAt: '2019-04-01T00:00:00Z',
      source: 'hiring documents',
      consentRef: 'consent-2019',
      values: [
        { key: 'name', value: '退職 予定' },
        { key: 'bankAccount', value: '0001-234-5678901' },
      ],
    });
  const camera = (collectedAt: string) =>
    create(facilities, {
      categoryCode: 'CCTV',
      collectedAt,
      source: 'camera 1',
      values: [
        { key: 'cameraLocation', value: 'lobby' },
        { key: 'capturedAt', value: collectedAt },
      ],
    });

  beforeAll(async () => {
    t = await TestApp.start({ RETENTION_SWEEP_HOURS: '0' });
    hr = (await t.loginAs(Role.HR)).token;
    facilities = (await t.loginAs(Role.FACILITIES)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
  });
  afterAll(() => t.close());

  it('starts the clock at the category’s own event, and refuses another event', async () => {
    const record = await employee();
    expect(record.retentionDueAt).toBeNull(); // EMPLOYEE runs from the end of employment
    const EVENT = `mutation($input: RecordEventInput!) { recordEvent(input: $input) { retentionDueAt } }`;
    const wrong = await t.gql(
      EVENT,
      { input: { recordId: record.id, event: 'COLLECTION', occurredAt: '2026-03-31T00:00:00Z' } },
      hr,
    );
    expect(wrong.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const ended = await t.gql<{ recordEvent: { retentionDueAt: string } }>(
      EVENT,
      {
        input: {
          recordId: record.id,
          event: 'END_OF_EMPLOYMENT',
          occurredAt: '2026-03-31T00:00:00Z',
        },
      },
      hr,
    );
    expect(ended.data!.recordEvent.retentionDueAt).toBe('2033-03-31T00:00:00.000Z'); // P7Y
    // Not before collection (2019-04-01), and not wound back once recorded; moved later, it is.
    const code = async (occurredAt: string) =>
      (
        await t.gql(
          EVENT,
          { input: { recordId: record.id, event: 'END_OF_EMPLOYMENT', occurredAt } },
          hr,
        )
      ).errors?.[0]?.extensions?.code ?? 'OK';
    expect(await code('2000-01-01T00:00:00Z')).toBe('BAD_USER_INPUT');
    expect(await code('2026-03-30T00:00:00Z')).toBe('CONFLICT');
    expect(await code('2026-04-30T00:00:00Z')).toBe('OK');
    const sales = (await t.loginAs(Role.SALES)).token;
    const other = await t.gql(
      EVENT,
      {
        input: {
          recordId: record.id,
          event: 'END_OF_EMPLOYMENT',
          occurredAt: '2026-03-31T00:00:00Z',
        },
      },
      sales,
    );
    expect(other.errors?.[0]!.extensions?.code).toBe('NOT_FOUND');
  });

  it('sweeps on a clock moved forward: due records shredded with a DISPOSE entry each, others kept', async () => {
    const old = await camera('2026-09-01T00:00:00Z'); // due 2026-10-01
    const recent = await camera('2026-11-20T00:00:00Z'); // due 2026-12-20
    const retention = t.app.get(RetentionService);
    const due = await t.gql<{ retentionDue: { edges: { node: { recordId: string } }[] } }>(
      '{ retentionDue(withinDays: 0, first: 100) { edges { node { recordId } } } }',
      {},
      cpo,
    );
    expect(due.data!.retentionDue.edges.map((e) => e.node.recordId)).toContain(old.id);

    const dry = await retention.run({ dryRun: true, now: new Date('2026-11-26T00:00:00Z') });
    expect(dry).toMatchObject({ dryRun: true, disposed: 0 });
    expect(dry.recordIds).toEqual(expect.arrayContaining([old.id]));
    expect(dry.recordIds).not.toContain(recent.id);
    expect(
      (await t.gql(READ, { id: old.id, purpose: 'CRIME_PREVENTION' }, facilities)).errors,
    ).toBeUndefined();

    const run = await retention.run({ dryRun: false, now: new Date('2027-01-01T00:00:00Z') }); // both due by then
    expect(run.recordIds).toEqual(expect.arrayContaining([old.id, recent.id]));
    const rows = await t.dataSource.query<
      {
        status: string;
        sealed_values: Buffer | null;
        wrapped_record_key: Buffer | null;
        item_keys: string[];
      }[]
    >(
      'SELECT status, sealed_values, wrapped_record_key, item_keys FROM personal_records WHERE id = ANY($1::uuid[])',
      [[old.id, recent.id]],
    );
    for (const row of rows) {
      expect(row).toMatchObject({
        status: 'DISPOSED',
        sealed_values: null,
        wrapped_record_key: null,
      });
      expect(row.item_keys).toEqual(['cameraLocation', 'capturedAt']); // the tombstone keeps metadata
    }
    const read = await t.gql(READ, { id: old.id, purpose: 'CRIME_PREVENTION' }, facilities);
    expect(read.errors?.[0]!.extensions?.code).toBe('CONFLICT');
    await t.sealLedger();
    const disposals = await t.ledgerRows(`action = 'DISPOSE' AND target_id = ANY($1::text[])`, [
      [old.id, recent.id],
    ]);
    expect(disposals).toHaveLength(2);
    expect(disposals[0]).toMatchObject({
      actor_id: 'system:retention',
      category_code: 'CCTV',
      details: { kind: 'RETENTION' },
    });
    expect(
      (await retention.run({ dryRun: false, now: new Date('2027-01-01T00:00:00Z') })).disposed,
    ).toBe(0);
  });

  it('disposes of a record on request by a role that handles it, once', async () => {
    const record = await camera('2026-11-25T00:00:00Z');
    const DISPOSE = `mutation($id: ID!) { disposeRecord(id: $id, reason: "footage no longer needed") { status } }`;
    expect((await t.gql(DISPOSE, { id: record.id }, hr)).errors?.[0]!.extensions?.code).toBe(
      'NOT_FOUND',
    );
    const done = await t.gql<{ disposeRecord: { status: string } }>(
      DISPOSE,
      { id: record.id },
      facilities,
    );
    expect(done.data!.disposeRecord.status).toBe('DISPOSED');
    expect(
      (await t.gql(DISPOSE, { id: record.id }, facilities)).errors?.[0]!.extensions?.code,
    ).toBe('CONFLICT');
  });

  it('records each look at what is due: one READ per record shown, naming its person', async () => {
    const due = await camera('2026-09-02T00:00:00Z'); // due 2026-10-02
    await t.sealLedger();
    const before = await t.ledgerRows(`action = 'READ' AND target_id = $1`, [due.id]);
    const look = await t.gql<{
      retentionDue: { edges: { node: { recordId: string; subjectId: string } }[] };
    }>(
      '{ retentionDue(withinDays: 0) { edges { node { recordId subjectId categoryCode dueAt } } } }',
      {},
      cpo,
    );
    const shown = look.data!.retentionDue.edges.map((e) => e.node);
    expect(shown).toContainEqual(expect.objectContaining({ recordId: due.id }));
    await t.sealLedger();
    const reads = await t.ledgerRows(
      `action = 'READ' AND target_type = 'PersonalRecord' AND details->>'view' = 'RETENTION_DUE'
        AND target_id = ANY($1::text[])`,
      [shown.map((r) => r.recordId)],
    );
    expect(reads).toHaveLength(shown.length); // one per record shown, in the look's transaction
    const mine = reads.find((e) => e.target_id === due.id)!;
    expect(mine).toMatchObject({
      subject_id: due.subjectId,
      category_code: 'CCTV',
      actor_role: 'CPO',
      outcome: 'ALLOWED',
      details: { view: 'RETENTION_DUE', withinDays: 0 },
    });
    expect(await t.ledgerRows(`action = 'READ' AND target_id = $1`, [due.id])).toHaveLength(
      before.length + 1,
    );
    // The person's footprint shows the look.
    const footprint = await t.ledgerRows(`subject_id = $1 AND action = 'READ'`, [due.subjectId]);
    expect(footprint.map((e) => e.actor_role)).toContain('CPO');
  });

  it('records the dry run’s list the same way, as the operator who ran it', async () => {
    const due = await camera('2026-09-03T00:00:00Z');
    const operator = RequestContext.forActor(
      {
        kind: 'SYSTEM',
        id: 'cli:retention-run',
        role: Role.ADMIN,
        mustChangePassword: false,
        scopes: [],
      },
      randomUUID(),
      t.dataSource,
      t.app.get(AuditTrail),
    );
    const dry = await t.app.get(RetentionService).run({ dryRun: true, ctx: operator });
    expect(dry.recordIds).toContain(due.id);
    await t.sealLedger();
    const reads = await t.ledgerRows(`action = 'READ' AND request_id = $1`, [operator.requestId]);
    expect(reads).toHaveLength(dry.recordIds.length);
    expect(reads.find((e) => e.target_id === due.id)).toMatchObject({
      actor_id: 'cli:retention-run',
      subject_id: due.subjectId,
      category_code: 'CCTV',
      details: { view: 'RETENTION_DRY_RUN' },
    });
    const [row] = await t.dataSource.query<{ status: string }[]>(
      'SELECT status FROM personal_records WHERE id = $1',
      [due.id],
    );
    expect(row!.status).toBe('ACTIVE'); // a dry run disposes of nothing
  });

  it('re-checks the role in the service: dueWithin without the guard is FORBIDDEN and a DENIED entry', async () => {
    await camera('2026-09-04T00:00:00Z');
    const hrUser = await t.createUser(Role.HR);
    const ctx = RequestContext.forActor(
      { kind: 'USER', id: hrUser.id, role: Role.HR, mustChangePassword: false, scopes: [] },
      randomUUID(),
      t.dataSource,
      t.app.get(AuditTrail),
    );
    const reads = await t.count(`ledger_entries WHERE action = 'READ'`);
    await expect(
      t.app.get(RetentionService).dueWithin(ctx, 0, { first: 50 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await t.sealLedger();
    const denied = await t.ledgerRows(`action = 'DENIED' AND request_id = $1`, [ctx.requestId]);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      actor_id: hrUser.id,
      actor_role: 'HR',
      outcome: 'DENIED',
      target_type: 'Retention',
    });
    expect(await t.count(`ledger_entries WHERE action = 'READ'`)).toBe(reads); // nothing listed
    // Over HTTP the guard answers the same.
    const http = await t.gql(
      '{ retentionDue(withinDays: 0) { edges { node { recordId } } } }',
      {},
      hr,
    );
    expect(http.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
  });
});
