import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfToText } from '@daicho/documents';
import { AccessReports, AccessRollup } from '@daicho/reports';
import { RequestContext, type Actor } from '@daicho/access';
import { AuditTrail } from '@daicho/platform';
import { Role, TestApp } from '../harness/test-app';
import { FOLD_COLUMNS, FOLD_TOUCHES } from '../../migrations/1765020000000-access-rollup-fold';
import { FOLD_COUNTED_WITH_CLI } from '../../migrations/1765110000000-access-report-cli-operators';
import {
  ROLLUP_COLUMNS,
  TOUCHES,
  byPerson,
  countedEntries,
} from '../../libs/reports/src/access/access-sql';
import { BY_PERSON_WITH_CLI } from '../../migrations/1765140000000-access-off-hours-cli-operators';

const REPORT = `query($from: DateTime!, $to: DateTime!) { accessReport(from: $from, to: $to) {
  from to basis { treeSize rootHash signedAt }
  totals { reads exports provisions denials }
  byActorCategory { actor { id kind role name } categoryCode reads exports provisions denials }
  byPurpose { purposeCode reads exports denials }
  byDay { day reads exports denials }
  anomalies { kind actor { id name } day reason entries from to firstSeq lastSeq } } }`;
const ENTRIES = `query($filter: LedgerEntryFilter) { ledgerEntries(filter: $filter, first: 100) {
  edges { node { seq action recordedAt } } } }`;
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const ERASE = `mutation($id: ID!) { eraseSubject(subjectId: $id, reason: "asked for erasure") { id } }`;

interface Counts {
  reads: number;
  exports: number;
  denials: number;
}
interface Anomaly {
  kind: string;
  actor: { id: string; name: string | null };
  day: string;
  reason: string;
  entries: number;
  from: string;
  to: string;
}
interface Report {
  basis: { treeSize: number; rootHash: string };
  totals: Counts & { provisions: number };
  byActorCategory: (Counts & {
    actor: { id: string; kind: string; name: string | null };
    categoryCode: string;
  })[];
  byPurpose: (Counts & { purposeCode: string })[];
  byDay: (Counts & { day: string })[];
  anomalies: Anomaly[];
}

/**
 * The access report (who read what) over GraphQL as the CPO and the auditor see it, from entries
 * planted at known times in Japan: the heat map's counts, the days, and each kind of anomaly with
 * its drill-down to the very entries.
 */
describe('reports: access report — who read what, and what looks wrong', () => {
  let t: TestApp;
  let cpo: string;
  let auditor: string;
  let hr: string;
  let hrId: string;
  /** An integration's operator who is no user: it has no name, only its id. */
  const clerk = randomUUID();

  /** Intake rows at a given time, sealed afterwards like any other. */
  const plant = (
    count: number,
    at: string,
    entry: {
      actor: string;
      action?: string;
      outcome?: string;
      purpose?: string;
      subject?: string;
      kind?: 'USER' | 'API_KEY' | 'SYSTEM';
    },
  ) =>
    t.dataSource.query(
      `INSERT INTO ledger_entries (recorded_at, actor_kind, actor_id, actor_role, action, outcome,
         target_type, target_id, subject_id, category_code, purpose_code, fields, request_id, details)
       SELECT $2::timestamptz + g * interval '1 second', $9, $3,
              CASE $9 WHEN 'USER' THEN 'HR' WHEN 'SYSTEM' THEN 'ADMIN' END, $4, $5, 'PersonalRecord',
              gen_random_uuid()::text, COALESCE($7::uuid, gen_random_uuid()), 'EMPLOYEE', $6,
              '{name}', 'planted-' || $8 || '-' || g, '{}'
         FROM generate_series(1, $1) g`,
      [
        count,
        at,
        entry.actor,
        entry.action ?? 'READ',
        entry.outcome ?? 'ALLOWED',
        entry.purpose ?? 'PERSONNEL_ADMIN',
        entry.subject ?? null,
        randomUUID(),
        entry.kind ?? 'USER',
      ],
    );
  const report = async (from: string, to: string, token = cpo) => {
    const answer = await t.gql<{ accessReport: Report }>(REPORT, { from, to }, token);
    expect(answer.errors).toBeUndefined();
    return answer.data!.accessReport;
  };
  const find = (r: Report, kind: string, actor: string, day?: string) =>
    r.anomalies.filter((a) => a.kind === kind && a.actor.id === actor && (!day || a.day === day));

  beforeAll(async () => {
    // The rollup is folded by hand here, so each test knows which path the report takes.
    t = await TestApp.start({ ACCESS_ROLLUP_SECONDS: '0' });
    cpo = (await t.loginAs(Role.CPO)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    const login = await t.loginAs(Role.HR);
    hr = login.token;
    hrId = login.user.id;
    // History before the period: HR's usual purpose.
    await plant(2, '2026-11-20T10:00:00+09:00', { actor: hrId });
    // Wednesday 25 November, office hours: ordinary reads.
    await plant(3, '2026-11-25T10:00:00+09:00', { actor: hrId });
    // Thursday: refused six times; Friday: 120 persons exported.
    await plant(5, '2026-11-26T11:00:00+09:00', { actor: hrId, outcome: 'DENIED' });
    // …once for a purpose HR never used: a refusal, not a new purpose in use.
    await plant(1, '2026-11-26T11:30:00+09:00', {
      actor: hrId,
      outcome: 'DENIED',
      purpose: 'PAYROLL',
    });
    await plant(120, '2026-11-27T14:00:00+09:00', { actor: hrId, action: 'EXPORT' });
    // Saturday night: two reads, and with a purpose HR never used before.
    await plant(2, '2026-11-28T23:30:00+09:00', { actor: hrId, purpose: 'RECRUITMENT' });
    // The clerk's usual 10 a day, then 150 on one day.
    for (const day of ['24', '25', '26'])
      await plant(10, `2026-11-${day}T13:00:00+09:00`, { actor: clerk });
    await plant(150, '2026-11-27T13:00:00+09:00', { actor: clerk });
    await t.sealLedger();
  });
  afterAll(() => t.close());

  it('counts per actor × category, purpose and day, on the checkpoint it names', async () => {
    const r = await report('2026-11-24T00:00:00+09:00', '2026-11-30T00:00:00+09:00');
    expect(r.basis.rootHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.basis.treeSize).toBeGreaterThan(300);
    const cell = r.byActorCategory.find(
      (c) => c.actor.id === hrId && c.categoryCode === 'EMPLOYEE',
    );
    expect(cell).toMatchObject({ reads: 5, exports: 120, denials: 6 });
    expect(cell?.actor.kind).toBe('USER');
    expect(cell?.actor.name?.length).toBeGreaterThan(0);
    expect(r.byActorCategory.find((c) => c.actor.id === clerk)).toMatchObject({
      reads: 180,
      actor: { name: null },
    });
    expect(r.byDay.map((d) => [d.day, d.reads, d.exports, d.denials])).toEqual([
      ['2026-11-24', 10, 0, 0],
      ['2026-11-25', 13, 0, 0],
      ['2026-11-26', 10, 0, 6],
      ['2026-11-27', 150, 120, 0],
      ['2026-11-28', 2, 0, 0],
    ]);
    expect(r.totals).toMatchObject({ reads: 185, exports: 120, denials: 6, provisions: 0 });
    expect(r.byPurpose.find((p) => p.purposeCode === 'RECRUITMENT')).toMatchObject({ reads: 2 });
    // The history before the period is not counted in it.
    const earlier = await report('2026-11-20T00:00:00+09:00', '2026-11-21T00:00:00+09:00');
    expect(earlier.totals.reads).toBe(2);
  });

  it('finds each anomaly with its reason, and the entries behind it', async () => {
    const r = await report('2026-11-24T00:00:00+09:00', '2026-11-30T00:00:00+09:00', auditor);
    const [offHours] = find(r, 'OFF_HOURS', hrId, '2026-11-28');
    expect(offHours).toMatchObject({ entries: 2 });
    expect(offHours?.reason).toContain('outside business hours');
    expect(find(r, 'OFF_HOURS', hrId, '2026-11-25')).toEqual([]);
    expect(find(r, 'REPEATED_DENIALS', hrId, '2026-11-26')).toMatchObject([{ entries: 6 }]);
    expect(find(r, 'BULK_EXPORT', hrId, '2026-11-27')).toMatchObject([{ entries: 120 }]);
    expect(find(r, 'NEW_PURPOSE', hrId)).toMatchObject([{ day: '2026-11-28' }]);
    expect(find(r, 'NEW_PURPOSE', hrId)[0]?.reason).toContain('RECRUITMENT');
    expect(find(r, 'VOLUME_SPIKE', clerk)).toMatchObject([{ day: '2026-11-27', entries: 150 }]);
    // The clerk had no history before the period: no habits to depart from.
    expect(find(r, 'NEW_PURPOSE', clerk)).toEqual([]);
    // The drill-down gives exactly the Saturday-night reads.
    const drill = await t.gql<{ ledgerEntries: { edges: { node: { action: string } }[] } }>(
      ENTRIES,
      { filter: { actorId: hrId, from: offHours?.from, to: offHours?.to } },
      auditor,
    );
    expect(drill.errors).toBeUndefined();
    expect(drill.data!.ledgerEntries.edges.map((e) => e.node.action)).toEqual(['READ', 'READ']);
  });

  it('counts a CLI operator’s reads and exports at night as off hours, not an integration’s', async () => {
    // The first week of December: Wednesday the 2nd at 10:00 and at 22:00, Saturday the 5th.
    const operator = 'cli:ops@batch-host';
    const key = randomUUID();
    await plant(4, '2026-12-02T10:00:00+09:00', { actor: operator, kind: 'SYSTEM' });
    await plant(3, '2026-12-02T22:00:00+09:00', {
      actor: operator,
      kind: 'SYSTEM',
      action: 'EXPORT',
    });
    await plant(2, '2026-12-05T11:00:00+09:00', { actor: operator, kind: 'SYSTEM' });
    await plant(6, '2026-12-02T23:00:00+09:00', { actor: key, kind: 'API_KEY' });
    await plant(1, '2026-12-05T11:00:00+09:00', { actor: key, kind: 'API_KEY' });
    await t.sealLedger();
    const week = ['2026-12-01T00:00:00+09:00', '2026-12-08T00:00:00+09:00'] as const;
    const check = (r: Report) => {
      expect(r.byActorCategory.find((c) => c.actor.id === operator)).toMatchObject({
        actor: { kind: 'SYSTEM' },
        reads: 6,
        exports: 3,
      });
      // A weekday: the three exports after 18:00; a closed day: everything.
      expect(find(r, 'OFF_HOURS', operator, '2026-12-02')).toMatchObject([{ entries: 3 }]);
      expect(find(r, 'OFF_HOURS', operator, '2026-12-05')).toMatchObject([{ entries: 2 }]);
      expect(find(r, 'OFF_HOURS', key)).toEqual([]);
      expect(r.byActorCategory.find((c) => c.actor.id === key)).toMatchObject({ reads: 7 });
    };
    const fromEntries = await report(...week);
    check(fromEntries);
    // The same from the rollup's stored sums (access_rollup_refresh_sums, migration 1765140000000).
    const [{ size } = { size: 0 }] = await t.dataSource.query<{ size: number }[]>(
      `SELECT max(tree_size)::int AS size FROM ledger_checkpoints`,
    );
    expect(await t.app.get(AccessRollup).catchUp(size)).toBe(size);
    const [{ days } = { days: 0 }] = await t.dataSource.query<{ days: number }[]>(
      `SELECT count(*)::int AS days FROM access_rollup_sums WHERE day BETWEEN '2026-12-02' AND '2026-12-05'`,
    );
    expect(days).toBeGreaterThan(0);
    const fromRollup = await report(...week);
    expect({ ...fromRollup, basis: null }).toEqual({ ...fromEntries, basis: null });
    // The database's function holds the report's own rule.
    const [sums] = await t.dataSource.query<{ src: string }[]>(
      `SELECT prosrc AS src FROM pg_proc WHERE proname = 'access_rollup_refresh_sums'`,
    );
    const text = (sql: string) => sql.replace(/\s+/g, ' ').trim();
    expect(text(BY_PERSON_WITH_CLI)).toBe(text(byPerson('r')));
    expect(text(sums!.src)).toContain(text(byPerson('r')));
  });

  it('flags an access naming a person after they were erased', async () => {
    const from = new Date().toISOString();
    const created = await t.gql<{ createRecord: { subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [{ key: 'name', value: '退職 太郎' }],
        },
      },
      hr,
    );
    expect(created.errors).toBeUndefined();
    const subject = created.data!.createRecord.subjectId;
    expect((await t.gql(ERASE, { id: subject }, cpo)).errors).toBeUndefined();
    await plant(1, new Date(Date.now() + 1000).toISOString(), { actor: clerk, subject });
    await t.sealLedger();
    const r = await report(from, new Date(Date.now() + 60_000).toISOString());
    expect(find(r, 'ERASED_PERSON', clerk)).toMatchObject([{ entries: 1 }]);
    expect(r.anomalies.filter((a) => a.kind === 'ERASED_PERSON')).toHaveLength(1);
  });

  it('folds (access_rollup_fold, fixed by a migration) the same columns and entries a report counts', async () => {
    // A change to what a report counts needs a migration that changes the fold as well.
    const text = (sql: string) => sql.replace(/\s+/g, ' ').trim();
    expect(text(FOLD_COLUMNS)).toBe(text(ROLLUP_COLUMNS));
    expect(text(FOLD_COUNTED_WITH_CLI)).toBe(text(countedEntries(FOLD_TOUCHES)));
    expect(FOLD_TOUCHES).toBe(`ARRAY[${TOUCHES.map((a) => `'${a}'`).join(', ')}]`);
    // …and the database's fold, after every migration, is the one that holds them.
    const [fold] = await t.dataSource.query<{ src: string }[]>(
      `SELECT prosrc AS src FROM pg_proc WHERE proname = 'access_rollup_fold'`,
    );
    expect(text(fold!.src)).toContain(text(countedEntries(FOLD_TOUCHES)));
    expect(text(fold!.src)).toContain(text(ROLLUP_COLUMNS));
  });

  it('counts the same from the daily rollup as from the entries, whatever its mark and the period’s edges', async () => {
    const rollup = t.app.get(AccessRollup);
    const periods: [string, string][] = [
      ['2026-11-24T00:00:00+09:00', '2026-11-30T00:00:00+09:00'], // whole days
      ['2026-11-24T13:30:00+09:00', '2026-11-28T23:45:00+09:00'], // partial days at both edges
      ['2026-11-27T13:00:00+09:00', '2026-11-27T15:00:00+09:00'], // within one day
      ['2026-11-27T12:59:00+09:00', '2026-11-27T13:01:00+09:00'], // no whole hour
      ['2026-11-25T00:00:00Z', '2026-11-28T00:00:00Z'], // cut at 09:00 in Japan (midnight UTC)
      ['2026-11-20T00:00:00+09:00', '2026-12-31T00:00:00+09:00'], // beyond what was planted
    ];
    const counted = async () => {
      const all = [];
      for (const [from, to] of periods) {
        const { basis: _basis, ...r } = await report(from, to);
        void _basis;
        all.push(r);
      }
      return all;
    };
    await t.dataSource.query(`TRUNCATE access_rollup, access_rollup_sums`);
    await t.dataSource.query(`UPDATE access_rollup_mark SET through_seq = 0`);
    const fromEntries = await counted();
    expect(fromEntries[0]!.totals.reads).toBeGreaterThan(0);
    // Half-way: the rollup up to some entry in the middle of the planted days, the rest raw.
    const [middle] = await t.dataSource.query<{ seq: string }[]>(
      `SELECT seq FROM ledger_entries WHERE actor_id = $1 AND recorded_at >= '2026-11-27T00:00:00+09:00'
        ORDER BY seq LIMIT 1 OFFSET 60`,
      [clerk],
    );
    expect(await rollup.catchUp(Number(middle!.seq))).toBe(Number(middle!.seq));
    expect(await counted()).toEqual(fromEntries);
    // A fold told to stop (a server shutting down) stops after its batch; the next goes on from
    // there, here in batches that cut days apart, and counts the same.
    await t.sealLedger();
    const [{ tree_size: size } = { tree_size: '0' }] = await t.dataSource.query<
      { tree_size: string }[]
    >(`SELECT max(tree_size)::text AS tree_size FROM ledger_checkpoints`);
    const stopped = await rollup.catchUp(Number(size), { batch: 37, keepGoing: () => false });
    expect(stopped).toBe(Number(middle!.seq) + 37);
    expect(await counted()).toEqual(fromEntries);
    expect(await rollup.catchUp(Number(size), { batch: 37 })).toBe(Number(size));
    expect(await counted()).toEqual(fromEntries);
    // Folding again changes nothing.
    expect(await rollup.catchUp(Number(size))).toBe(Number(size));
    expect(await rollup.catchUp(Number(size))).toBe(Number(size));
    const [{ rows } = { rows: 0 }] = await t.dataSource.query<{ rows: number }[]>(
      `SELECT count(*)::int AS rows FROM access_rollup`,
    );
    expect(rows).toBeGreaterThan(0);
    expect(await counted()).toEqual(fromEntries);
    // Rebuilt as docs/deployment.md says (the rollup emptied, its mark at 0): its stored sums go
    // with it, or they would be counted again with the entries.
    await t.dataSource.query(`TRUNCATE access_rollup`);
    await t.dataSource.query(`UPDATE access_rollup_mark SET through_seq = 0`);
    expect(await counted()).toEqual(fromEntries);
    // Twenty folds at once: one folds, the others wait or step aside; the counts do not double.
    const marks = await Promise.all(Array.from({ length: 20 }, () => rollup.catchUp(Number(size))));
    expect(marks.filter((m) => m === Number(size)).length).toBeGreaterThanOrEqual(1);
    expect(marks.every((m) => m === null || m === Number(size))).toBe(true);
    expect(await rollup.catchUp(Number(size))).toBe(Number(size));
    expect(await counted()).toEqual(fromEntries);
    // A mark beyond the signed ledger was written by hand: the report refuses, it does not guess.
    await t.dataSource.query(`UPDATE access_rollup_mark SET through_seq = 999999999`);
    const altered = await t.gql(REPORT, { from: periods[0]![0], to: periods[0]![1] }, cpo);
    expect(altered.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(altered.errors?.[0]?.message).toContain('rollup');
    await t.dataSource.query(`UPDATE access_rollup_mark SET through_seq = $1`, [size]);
  });

  it('downloads as a PDF in Japanese that prints its counts, anomalies and checkpoint', async () => {
    const from = encodeURIComponent('2026-11-24T00:00:00+09:00');
    const to = encodeURIComponent('2026-11-30T00:00:00+09:00');
    const res = await t.download(`/reports/access.pdf?from=${from}&to=${to}&lang=ja`, auditor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // Kept for a person to look at (test-output/ is ignored by git).
    mkdirSync(join(__dirname, '..', '..', 'test-output', 'reports'), { recursive: true });
    writeFileSync(join(__dirname, '..', '..', 'test-output', 'reports', 'access-ja.pdf'), res.body);
    const text = (await pdfToText(res.body, { layout: false })).replace(/\s+/g, ' ');
    expect(text).toContain('個人データ取扱状況（アクセス）報告書');
    expect(text).toContain('業務時間外の閲覧・出力');
    expect(text).toContain('大量の出力');
    // Category codes carry their catalog name in Japanese.
    expect(text).toMatch(/従業員.*（EMPLOYEE）/);
    await t.sealLedger();
    const [exported] = await t.ledgerRows(`action = 'EXPORT' AND target_type = 'AccessReport'`);
    const details = exported?.details as { rootHash: string; sha256: string; treeSize: number };
    expect(text).toContain(details.rootHash);
    expect(details.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The department may not, a bad bound is named, and English is one parameter away.
    const hr2 = await t.http
      .get(`/reports/access.pdf?from=${from}&to=${to}`)
      .set('authorization', `Bearer ${hr}`);
    expect(hr2.status).toBe(403);
    const bad = await t.http
      .get(`/reports/access.pdf?from=2026-11-31T00:00:00Z&to=${to}`)
      .set('authorization', `Bearer ${auditor}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('from');
    const en = await t.http
      .get(`/reports/access.pdf?from=${from}&to=${to}&lang=en`)
      .set('authorization', `Bearer ${cpo}`);
    expect(en.status).toBe(200);
  });

  it('downloads the management ledger (個人情報管理台帳) as a PDF with its checkpoint', async () => {
    const res = await t.download('/reports/management-ledger.pdf?lang=ja', auditor);
    expect(res.status).toBe(200);
    mkdirSync(join(__dirname, '..', '..', 'test-output', 'reports'), { recursive: true });
    writeFileSync(
      join(__dirname, '..', '..', 'test-output', 'reports', 'management-ledger-ja.pdf'),
      res.body,
    );
    const text = (await pdfToText(res.body, { layout: false })).replace(/\s+/g, ' ');
    expect(text).toContain('個人情報管理台帳');
    expect(text).toContain('従業員（EMPLOYEE）');
    expect(text).toContain('利用目的');
    await t.sealLedger();
    const [exported] = await t.ledgerRows(`action = 'EXPORT' AND target_type = 'ManagementLedger'`);
    const details = exported?.details as { rootHash: string; categories: number };
    expect(text).toContain(details.rootHash);
    expect(details.categories).toBeGreaterThan(10);
    const refused = await t.http
      .get('/reports/management-ledger.pdf')
      .set('authorization', `Bearer ${hr}`);
    expect(refused.status).toBe(403);
  });

  it('is the CPO’s and the auditor’s, refuses bad periods by name, and is itself recorded', async () => {
    const denied = await t.gql(
      REPORT,
      { from: '2026-11-24T00:00:00Z', to: '2026-11-30T00:00:00Z' },
      hr,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cases: [string, string][] = [
      ['2026-11-30T00:00:00Z', '2026-11-24T00:00:00Z'],
      ['2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['2026-02-30T00:00:00Z', '2026-03-02T00:00:00Z'],
      ['2026-11-24', '2026-11-30'],
      // Year 10000 in UTC and in Japan, though written as 9999: once a 500 from the day count.
      ['9999-12-31T01:00:00Z', '9999-12-31T23:00:00-14:00'],
      ['9999-12-30T01:00:00Z', '9999-12-31T20:00:00Z'],
    ];
    for (const [from, to] of cases) {
      const answer = await t.gql(REPORT, { from, to }, cpo);
      expect([from, answer.errors?.[0]?.extensions?.code]).toEqual([from, 'BAD_USER_INPUT']);
      expect(JSON.stringify(answer.errors)).not.toMatch(/SELECT|stack/i);
    }
    // The service decides too, without the guard: HR is refused there, and it is recorded.
    const hrUser = await t.createUser(Role.HR);
    const asHr: Actor = {
      kind: 'USER',
      id: hrUser.id,
      role: Role.HR,
      mustChangePassword: false,
      scopes: [],
    };
    const direct = RequestContext.forActor(asHr, randomUUID(), t.dataSource, t.app.get(AuditTrail));
    await expect(
      t.app
        .get(AccessReports)
        .build(direct, new Date('2026-11-24T00:00:00Z'), new Date('2026-11-30T00:00:00Z')),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.sealLedger();
    expect(await t.ledgerRows(`action = 'DENIED' AND actor_id = $1`, [hrUser.id])).toHaveLength(1);
    const reads = await t.ledgerRows(`action = 'READ' AND target_type = 'AccessReport'`);
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(reads.map((e) => e.actor_role)).toEqual(expect.arrayContaining(['CPO', 'AUDITOR']));
  });
});
