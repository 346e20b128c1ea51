import { AppConfig } from '@daicho/platform';
import { Role, TestApp } from '../harness/test-app';
import { asSuperuserAttacker } from '../ledger/ledger-tamper.helpers';

const SCOPE = 'persons records itemKeys evidenceSeqs';
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`;
const FROM_LEDGER = `mutation($id: ID!, $input: ScopeFromLedgerInput!) { addScopeFromLedger(incidentId: $id, input: $input) { ${SCOPE} } }`;
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const EVENTS = `mutation($input: RecordAccessEventsInput!) { recordAccessEvents(input: $input) { recorded } }`;

interface Scope {
  persons: number;
  records: number;
  itemKeys: string[];
  evidenceSeqs: number[];
}

/**
 * An incident's scope from the ledger beyond Daicho's own reads: a person in an integrated
 * system (the events its API key reported, timed by when they happened there), reads that opened
 * no value, and a ledger with an entry deleted behind the application's back. The deletion runs
 * last: it leaves this suite's ledger broken on purpose.
 */
describe('incidents: scope from the ledger — reported events, nothing read, deleted entries', () => {
  let t: TestApp;
  let cpo: string;
  let hr: string;
  let hrUserId: string;
  let keyId: string;
  let integration: string;
  const staff: { id: string; subjectId: string }[] = [];

  const gql = async <T>(query: string, variables: Record<string, unknown>, token = cpo) => {
    const answer = await t.gql<Record<string, T>>(query, variables, token);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0];
  };
  const errorOf = async (query: string, variables: Record<string, unknown>, token = cpo) =>
    (await t.gql(query, variables, token)).errors?.[0];
  const incident = () =>
    gql<{ id: string }>(REPORT, {
      input: {
        title: '委託先システムでの不正閲覧',
        discoveredAt: new Date(Date.now() - 1000).toISOString(),
        awareAt: new Date().toISOString(),
        kind: 'LEAKAGE',
        cause: 'INSIDER_MISUSE',
        wrongfulPurpose: true,
        description: '運用担当者が業務外で社員情報を閲覧した疑い',
        categoryCodes: ['EMPLOYEE'],
        systemCodes: [],
      },
    });
  const events = (
    list: {
      eventId: string;
      subjectId: string;
      occurredAt: Date;
      actorRef: string;
      fields?: string[];
    }[],
  ) =>
    gql(
      EVENTS,
      {
        input: {
          events: list.map((e) => ({
            fields: ['name'],
            ...e,
            occurredAt: e.occurredAt.toISOString(),
            action: 'READ',
            categoryCode: 'EMPLOYEE',
            purposeCode: 'PERSONNEL_ADMIN',
          })),
        },
      },
      integration,
    );

  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    const hrLogin = await t.loginAs(Role.HR);
    hr = hrLogin.token;
    hrUserId = hrLogin.user.id;
    const key = await t.integrationKey('personnel system', ['access-events:write']);
    integration = key.secret;
    keyId = key.id;
    for (let n = 1; n <= 4; n++)
      staff.push(
        (await gql(
          CREATE,
          {
            input: {
              categoryCode: 'EMPLOYEE',
              collectedAt: '2026-04-01T00:00:00Z',
              source: 'hiring documents',
              consentRef: 'employment contract',
              values: [
                { key: 'name', value: `社員 ${n}` },
                { key: 'employeeNumber', value: `E-8${n}` },
              ],
            },
          },
          hr,
        ))!,
      );
  });
  afterAll(() => t.close());

  it('takes what a person in an integrated system read, by when it happened there', async () => {
    const [a, b, c] = staff as [(typeof staff)[0], (typeof staff)[0], (typeof staff)[0]];
    const from = new Date();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const inside = new Date();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const to = new Date();
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Reported after the window closed, but they happened inside it: they count. The same
    // operator's read after the window, and a colleague's inside it, do not.
    await events([
      { eventId: 'ps-1', subjectId: a.subjectId, occurredAt: inside, actorRef: 'op-0042' },
      { eventId: 'ps-2', subjectId: b.subjectId, occurredAt: inside, actorRef: 'op-0042' },
      { eventId: 'ps-3', subjectId: c.subjectId, occurredAt: new Date(), actorRef: 'op-0042' },
      { eventId: 'ps-4', subjectId: c.subjectId, occurredAt: inside, actorRef: 'op-0077' },
    ]);
    await t.sealLedger();
    const window = {
      actorId: keyId,
      actorRef: 'op-0042',
      from: from.toISOString(),
      to: to.toISOString(),
    };
    const one = await incident();
    const scope = await gql<Scope>(FROM_LEDGER, { id: one!.id, input: window });
    expect(scope).toMatchObject({ persons: 2, records: 2, itemKeys: ['name'] });
    expect(scope!.evidenceSeqs).toHaveLength(2);
    const persons = await t.dataSource.query<{ subject_id: string }[]>(
      `SELECT subject_id FROM incident_scope WHERE incident_id = $1 ORDER BY subject_id`,
      [one!.id],
    );
    expect(persons.map((p) => p.subject_id)).toEqual([a.subjectId, b.subjectId].sort());
    // The whole key, every operator: three persons in the window.
    const whole = await gql<Scope>(FROM_LEDGER, {
      id: (await incident())!.id,
      input: { ...window, actorRef: undefined },
    });
    expect(whole!.persons).toBe(3);
    // The reference stays out of the ledger: only its keyed hash is there.
    const [added] = await t.ledgerRows(
      `action = 'INCIDENT_SCOPE_ADDED' AND target_id = '${one!.id}'`,
    );
    expect(JSON.stringify(added)).not.toContain('op-0042');
    const { reportedActor } = added?.details as { reportedActor?: string };
    expect(reportedActor).toMatch(/^[0-9a-f]{64}$/);
    // An operator reference names a person behind an API key, not behind a user.
    const refused = await errorOf(FROM_LEDGER, {
      id: one!.id,
      input: { ...window, actorId: hrUserId },
    });
    expect(refused?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused?.message).toContain('actorRef');
    const odd = await errorOf(FROM_LEDGER, {
      id: one!.id,
      input: { ...window, actorRef: 'op 42; DROP' },
    });
    expect(odd?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(odd?.message).not.toContain('DROP');
  });

  it('runs twenty scope additions from the ledger at once without starving the pool', async () => {
    const from = new Date();
    await events(
      staff.slice(0, 3).map((s, n) => ({
        eventId: `par-${n}`,
        subjectId: s.subjectId,
        occurredAt: new Date(),
        actorRef: 'op-0100',
      })),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const window = {
      actorId: keyId,
      actorRef: 'op-0100',
      from: from.toISOString(),
      to: new Date().toISOString(),
    };
    await t.sealLedger();
    // Ten on one incident (they queue on its row lock while holding connections) and ten on
    // ten others: each verifies its rows on connections of the same pool.
    const shared = await incident();
    const others = await Promise.all(Array.from({ length: 10 }, () => incident()));
    const targets = [...Array.from({ length: 10 }, () => shared), ...others];
    const scopes = await Promise.all(
      targets.map((target) => gql<Scope>(FROM_LEDGER, { id: target!.id, input: window })),
    );
    for (const scope of scopes) expect(scope).toMatchObject({ persons: 3, records: 3 });
    const [{ n } = { n: 0 }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM incident_scope WHERE incident_id = $1`,
      [shared!.id],
    );
    expect(n).toBe(3);
  });

  it('counts a person whose record was looked at with every value withheld, with no items', async () => {
    const [, , , d] = staff as [unknown, unknown, unknown, (typeof staff)[0]];
    const from = new Date();
    // The system reports a look at the person's record that opened no value: no items.
    await events([
      {
        eventId: 'ps-9',
        subjectId: d.subjectId,
        occurredAt: new Date(),
        actorRef: 'op-0099',
        fields: [],
      },
    ]);
    await t.sealLedger();
    const scope = await gql<Scope>(FROM_LEDGER, {
      id: (await incident())!.id,
      input: {
        actorId: keyId,
        actorRef: 'op-0099',
        from: from.toISOString(),
        to: new Date().toISOString(),
      },
    });
    expect(scope).toMatchObject({ persons: 1, records: 1, itemKeys: [] });
  });

  it('refuses a window with more touches than one call takes, adding nothing', async () => {
    const config = t.app.get(AppConfig);
    const most = config.INCIDENT_SCOPE_MAX_ENTRIES;
    const from = new Date();
    await events(
      [0, 1, 2].map((n) => ({
        eventId: `cap-${n}`,
        subjectId: staff[n % 4]!.subjectId,
        occurredAt: new Date(),
        actorRef: 'op-cap',
      })),
    );
    await t.sealLedger();
    const to = new Date();
    const target = (await incident())!.id;
    const input = { actorId: keyId, actorRef: 'op-cap', from: from.toISOString() };
    config.INCIDENT_SCOPE_MAX_ENTRIES = 2; // the same cap a busy key's day meets at 100,000
    try {
      const refused = await errorOf(FROM_LEDGER, {
        id: target,
        input: { ...input, to: to.toISOString() },
      });
      expect(refused?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused?.message).toContain('shorter windows');
      expect(await t.count(`incident_evidence WHERE incident_id = '${target}'`)).toBe(0);
    } finally {
      config.INCIDENT_SCOPE_MAX_ENTRIES = most;
    }
    const whole = await gql<Scope>(FROM_LEDGER, {
      id: target,
      input: { ...input, to: to.toISOString() },
    });
    expect(whole!.evidenceSeqs).toHaveLength(3);
  });

  it('refuses a forged row that shares its sequence number with a genuine one', async () => {
    const from = new Date();
    await events([
      {
        eventId: 'ps-30',
        subjectId: staff[1]!.subjectId,
        occurredAt: new Date(),
        actorRef: 'op-0130',
      },
    ]);
    await t.sealLedger();
    const input = {
      actorId: keyId,
      actorRef: 'op-0130',
      from: from.toISOString(),
      to: new Date().toISOString(),
    };
    const genuine = await gql<Scope>(FROM_LEDGER, { id: (await incident())!.id, input });
    const [seq] = genuine!.evidenceSeqs;
    // A superuser drops the unique index and adds a copy of the entry naming someone else.
    await asSuperuserAttacker(t, [
      `DROP INDEX ledger_entries_seq_key`,
      `INSERT INTO ledger_entries (id, recorded_at, actor_kind, actor_id, actor_role, action, outcome,
         target_type, target_id, subject_id, category_code, purpose_code, fields, request_id,
         client_event_id, occurred_at, details, seq, prev_hash, leaf_hash, sequenced_at)
       SELECT gen_random_uuid(), recorded_at, actor_kind, actor_id, actor_role, action, outcome,
              target_type, target_id, '${staff[2]!.subjectId}', category_code, purpose_code, fields,
              request_id, 'forged', occurred_at, details, seq, prev_hash, leaf_hash, sequenced_at
         FROM ledger_entries WHERE seq = ${seq}`,
    ]);
    const target = await incident();
    const refused = await errorOf(FROM_LEDGER, { id: target!.id, input });
    expect(refused?.extensions?.code).toBe('CONFLICT');
    expect(refused?.message).toContain('verifyLedger');
    expect(
      await t.dataSource.query(`SELECT 1 FROM incident_scope WHERE incident_id = $1`, [target!.id]),
    ).toHaveLength(0);
    // Put back for the next test: the forged row gone, the index again.
    await asSuperuserAttacker(t, [
      `DELETE FROM ledger_entries WHERE client_event_id = 'forged'`,
      `CREATE UNIQUE INDEX ledger_entries_seq_key ON ledger_entries (seq) INCLUDE (leaf_hash)
         WHERE seq IS NOT NULL`,
    ]);
    expect((await gql<Scope>(FROM_LEDGER, { id: target!.id, input }))!.persons).toBe(1);
  });

  it('refuses when an entry of the signed ledger was deleted, even one not in the window', async () => {
    const from = new Date();
    await events([
      {
        eventId: 'ps-20',
        subjectId: staff[0]!.subjectId,
        occurredAt: new Date(),
        actorRef: 'op-0120',
      },
    ]);
    await t.sealLedger();
    const input = {
      actorId: keyId,
      actorRef: 'op-0120',
      from: from.toISOString(),
      to: new Date().toISOString(),
    };
    const before = await gql<Scope>(FROM_LEDGER, { id: (await incident())!.id, input });
    expect(before!.persons).toBe(1);
    // Someone with the database's superuser removes an entry of another account.
    await asSuperuserAttacker(t, [
      `DELETE FROM ledger_entries WHERE seq = (SELECT min(seq) FROM ledger_entries
          WHERE seq IS NOT NULL AND actor_id IS DISTINCT FROM '${keyId}' AND seq > 1)`,
    ]);
    const target = await incident();
    const refused = await errorOf(FROM_LEDGER, { id: target!.id, input });
    expect(refused?.extensions?.code).toBe('CONFLICT');
    expect(refused?.message).toMatch(/1 entry of the signed ledger .* gone from the store/);
    expect(refused?.message).toContain('verifyLedger');
    expect(
      await t.dataSource.query(`SELECT 1 FROM incident_scope WHERE incident_id = $1`, [target!.id]),
    ).toHaveLength(0);
  });
});
