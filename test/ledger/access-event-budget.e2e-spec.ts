import { LedgerAction } from '@daicho/platform';
import { TestApp } from '../harness/test-app';

const RECORD = `mutation($input: RecordAccessEventsInput!) { recordAccessEvents(input: $input) { recorded duplicates } }`;
const SUBJECT = '550e8400-e29b-41d4-a716-446655440000';

/** `count` events for one person, their ids unique across the test. */
const events = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    eventId: `${prefix}-${i}`,
    occurredAt: '2026-11-20T09:30:00.000Z',
    action: LedgerAction.READ,
    subjectId: SUBJECT,
    categoryCode: 'CALL_RECORDING',
    purposeCode: 'QUALITY_IMPROVEMENT',
    fields: ['voiceRecording'],
    actorRef: 'agent-0042',
  }));

/**
 * An integration key reports at most ACCESS_EVENTS_PER_MINUTE events a minute: a flood of
 * reports about one person would otherwise push the real accesses out of their disclosure.
 */
describe('recordAccessEvents: a budget per integration key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ ACCESS_EVENTS_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  const reported = async (keyId: string) => {
    const [row] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE actor_kind = 'API_KEY' AND actor_id = $1
          AND client_event_id IS NOT NULL`,
      [keyId],
    );
    return row!.n;
  };

  it('counts before it records: of twenty calls at once, only what fits the minute is recorded', async () => {
    const key = await t.integrationKey('call-center recorder', ['access-events:write']);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, c) =>
        t.gql<{ recordAccessEvents: { recorded: number } }>(
          RECORD,
          { input: { events: events(`flood-${c}`, 100) } },
          key.secret,
        ),
      ),
    );
    const passed = answers.filter((a) => a.data?.recordAccessEvents.recorded === 100);
    const refused = answers.filter((a) => a.errors?.[0]?.extensions?.code === 'THROTTLED');
    expect([passed.length, refused.length]).toEqual([10, 10]);
    for (const answer of refused) {
      expect(answer.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(answer.errors?.[0]?.message).toMatch(/1000 access events a minute; nothing from/);
      expect(JSON.stringify(answer)).not.toContain(SUBJECT);
    }
    // All or nothing: exactly the ten calls that passed, none of the refused ones' events.
    expect(await reported(key.id)).toBe(1000);

    // Another key has a budget of its own.
    const other = await t.integrationKey('web inquiry form', ['access-events:write']);
    const answer = await t.gql(RECORD, { input: { events: events('other', 1000) } }, other.secret);
    expect(answer.data).toEqual({ recordAccessEvents: { recorded: 1000, duplicates: 0 } });
    expect(await reported(other.id)).toBe(1000);
  });

  it('gives back what a refused call spent: a fixed batch goes through the same minute', async () => {
    const key = await t.integrationKey('seminar system', ['access-events:write']);
    const misfit = events('misfit', 1000).map((e) => ({ ...e, categoryCode: 'NO_SUCH_CATEGORY' }));
    const refused = await t.gql(RECORD, { input: { events: misfit } }, key.secret);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fixed = await t.gql(RECORD, { input: { events: events('fixed', 1000) } }, key.secret);
    expect(fixed.data).toEqual({ recordAccessEvents: { recorded: 1000, duplicates: 0 } });
    expect(await reported(key.id)).toBe(1000);
  });
});
