import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Role } from '@daicho/access';
import { todayInJapan } from '@daicho/platform';
import { createApiApp } from '../apps/api/src/create-app';
import { ENTITIES } from '../apps/api/src/entities';
import { benchConfig, benchDatabase } from './bench-database';
import { fmt, graphql, percentile } from './bench-graphql';
import { signedInUser } from './bench-users';
import type { ClassFigures, LoadCall, OpenLoad, OpenLoadResult } from './open-load';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
const PHASE = Number(process.env.BENCH_LOAD_PHASE_SECONDS ?? 10);
/**
 * Rounds with the 20 sign-ins, and as many of each of two kinds without them (the baseline and a
 * control); a 10 s p99 varies ×3 between rounds.
 */
const SIGN_IN_ROUNDS = Number(process.env.BENCH_SIGN_IN_ROUNDS ?? 8);
/** Only the sign-in rounds (BENCH_LOAD_ONLY=sign-ins): for comparing settings of password hashing. */
const ONLY_SIGN_INS = process.env.BENCH_LOAD_ONLY === 'sign-ins';
const RECORDS = 200;

function openLoad(request: OpenLoad): Promise<OpenLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'open-load.js'), { workerData: request });
    worker.once('message', (result: OpenLoadResult) => resolve(result));
    worker.once('error', reject);
  });
}

/** A full collection (bench only): heap figures are compared after it, not mid-cycle. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const body = (query: string, variables: object = {}) => JSON.stringify({ query, variables });
const p99 = (f: ClassFigures | undefined) =>
  f
    ? percentile(
        [...f.latencies].sort((a, b) => a - b),
        0.99,
      )
    : Number.NaN;
const p50 = (f: ClassFigures | undefined) =>
  f
    ? percentile(
        [...f.latencies].sort((a, b) => a - b),
        0.5,
      )
    : Number.NaN;
const CLASSES = ['read', 'list', 'mutation'] as const;

/** From the first sign-in sent to the last one answered, in ms from the round's start. */
function signInWindow(round: OpenLoadResult): { from: number; to: number } {
  const { sentAt, latencies } = round.burst;
  if (sentAt.length === 0) return { from: Number.NaN, to: Number.NaN };
  return {
    from: Math.min(...sentAt),
    to: Math.max(...sentAt.map((at, i) => at + (latencies[i] ?? 0))),
  };
}

/** The latencies of a class's calls sent within a window of its round. */
function sentWithin(f: ClassFigures | undefined, window: { from: number; to: number }): number[] {
  if (!f) return [];
  return f.latencies.filter((_, i) => {
    const at = f.sentAt[i] ?? Number.NaN;
    return at >= window.from && at <= window.to;
  });
}

/**
 * BENCH_LOAD_TRACE=1: each round's quarter-seconds whose slowest answer took over 250 ms, by the
 * clock (epoch seconds), to set beside what the machine did then (/proc/stat, PostgreSQL's log).
 */
function traced(round: OpenLoadResult): OpenLoadResult {
  if (!process.env.BENCH_LOAD_TRACE) return round;
  const worst = new Map<number, number>();
  for (const f of [...Object.values(round.byClass), round.burst]) {
    f.latencies.forEach((latency, i) => {
      const quarter = Math.floor((f.sentAt[i] ?? 0) / 250);
      worst.set(quarter, Math.max(worst.get(quarter) ?? 0, latency));
    });
  }
  const slow = [...worst].filter(([, ms]) => ms > 250).sort((a, b) => a[0] - b[0]);
  const at = (quarter: number) => ((round.startedAt + quarter * 250) / 1000).toFixed(2);
  console.log(
    `  trace: round from ${at(0)}; slow quarter-seconds ${slow.map(([q, ms]) => `${at(q)} (${ms.toFixed(0)} ms)`).join(', ') || 'none'}`,
  );
  return round;
}

/** Several runs' figures as one. */
function merged(runs: OpenLoadResult[]): OpenLoadResult {
  const join = (parts: ClassFigures[]): ClassFigures => ({
    latencies: parts.flatMap((p) => p.latencies),
    sentAt: parts.flatMap((p) => p.sentAt),
    ok: parts.reduce((n, p) => n + p.ok, 0),
    throttled: parts.reduce((n, p) => n + p.throttled, 0),
    failed: parts.reduce((n, p) => n + p.failed, 0),
    retryAfterSeen: parts.reduce((n, p) => n + p.retryAfterSeen, 0),
    failures: Object.assign({}, ...parts.map((p) => p.failures)) as Record<string, number>,
  });
  const classes = [...new Set(runs.flatMap((r) => Object.keys(r.byClass)))];
  return {
    ms: runs.reduce((n, r) => n + r.ms, 0),
    startedAt: Math.min(...runs.map((r) => r.startedAt)),
    sent: runs.reduce((n, r) => n + r.sent, 0),
    byClass: Object.fromEntries(
      classes.map((c) => [c, join(runs.flatMap((r) => (r.byClass[c] ? [r.byClass[c]] : [])))]),
    ),
    burst: join(runs.map((r) => r.burst)),
  };
}

/**
 * A provision the mix records again and again: an employee's badge data (name, department,
 * position) to a client's system company on the consent route (APPI Art. 27(1)), the employee
 * having consented; the party and the consent set up once, by the CPO and HR.
 */
async function provisionOfBadges(url: string, hr: string, cpo: string): Promise<object> {
  const party = (
    await graphql(
      url,
      cpo,
      'mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }',
      {
        input: {
          kind: 'THIRD_PARTY',
          name: '株式会社ベンチシステムズ',
          address: '東京都港区芝公園1-1-1',
          representative: '代表取締役 佐藤 一郎',
          country: 'JP',
          partyType: 'system company of a client',
          recipientCode: 'CLIENT_SYSTEM_COMPANY',
        },
      },
    )
  ).createParty as { id: string };
  const employee = (
    await graphql(
      url,
      hr,
      'mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }',
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T09:00:00+09:00',
          source: 'hiring documents',
          consentRef: 'bench-consent',
          values: [
            { key: 'name', value: 'ベンチ 花子' },
            { key: 'department', value: 'Systems' },
            { key: 'position', value: 'Engineer' },
          ],
        },
      },
    )
  ).createRecord as { subjectId: string };
  await graphql(
    url,
    hr,
    'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }',
    {
      input: {
        subjectId: employee.subjectId,
        ruleCode: 'EMPLOYEE_ENTRANCE_APPROVAL',
        givenAt: '2026-04-01T09:00:00+09:00',
        evidence: 'consent form signed at hiring',
      },
    },
  );
  return {
    ruleCode: 'EMPLOYEE_ENTRANCE_APPROVAL',
    partyId: party.id,
    items: ['name', 'department', 'position'],
    handOff: {
      subjectIds: [employee.subjectId],
      handedOn: todayInJapan(),
      method: 'HAND_DELIVERY',
    },
  };
}

/**
 * Mixed load (`npm run bench -- load`, loopback only): 60 % reads (a record for a purpose, the
 * catalog, `me`), 25 % lists (a page of 50 records, a page of 50 ledger entries), 15 % changes
 * (create a record, a provision to a third party, an integration's access events) at a fixed
 * arrival rate, 60 % of the capacity measured first; p99 per class, 5xx, heap growth and
 * event-loop delay. Then 20 sign-ins at once during the same load, a spike at twice the capacity
 * (refused with 503 and Retry-After, not collapsing) and the recovery after it.
 */
export async function loadBench(): Promise<void> {
  const db = await benchDatabase(32, ENTITIES);
  const { config, dataDir } = await benchConfig(db, {
    RETENTION_SWEEP_HOURS: '0',
    WEBHOOK_RELAY_MS: '0',
    LOG_LEVEL: 'warn',
  });
  const app = await createApiApp({ config, dataSource: db.dataSource });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  try {
    const hr = await signedInUser(app, db.dataSource, url, Role.HR, 'load-hr@example.test');
    const auditor = await signedInUser(
      app,
      db.dataSource,
      url,
      Role.AUDITOR,
      'load-au@example.test',
    );
    const admin = await signedInUser(app, db.dataSource, url, Role.ADMIN, 'load-ad@example.test');
    const cpo = await signedInUser(app, db.dataSource, url, Role.CPO, 'load-cpo@example.test');
    const key = (
      await graphql(
        url,
        admin.token,
        'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
        { input: { name: 'load call-center recorder', scopes: ['access-events:write'] } },
      )
    ).createApiKey as { secret: string; apiKey: { id: string } };
    // Beyond the administrator's own rights: the CPO approves it (separation of duties).
    await graphql(url, cpo.token, 'mutation($id: ID!) { approveApiKey(id: $id) { id } }', {
      id: key.apiKey.id,
    });
    const createInput = {
      categoryCode: 'EMPLOYEE',
      collectedAt: '2026-04-01T09:00:00+09:00',
      source: 'bench',
      consentRef: 'bench-consent',
      values: [
        { key: 'name', value: 'ベンチ 太郎' },
        { key: 'address', value: '東京都千代田区' },
        { key: 'dateOfBirth', value: '1990-04-01' },
        { key: 'email', value: 'bench@example.jp' },
      ],
    };
    const CREATE = 'mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }';
    const handOff = await provisionOfBadges(url, hr.token, cpo.token);
    const ids: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
      ids.push(
        (
          (await graphql(url, hr.token, CREATE, { input: createInput })).createRecord as {
            id: string;
          }
        ).id,
      );
    }
    const call = (name: string, cls: LoadCall['cls'], token: string, text: string, extra = {}) => ({
      name,
      cls,
      token,
      body: text,
      ...extra,
    });
    const readOf = (id: string) =>
      call(
        'record',
        'read',
        hr.token,
        body(
          `query($id: ID!) { record(id: $id, purpose: "PERSONNEL_ADMIN") { id values { key value } } }`,
          { id },
        ),
      );
    const mix: OpenLoad['mix'] = [
      ...ids.slice(0, 20).map((id) => ({ call: readOf(id), weight: 30 / 20 })),
      {
        call: call(
          'catalog',
          'read',
          auditor.token,
          body(`{ dataCategories { code name { ja en } retentionPeriod items { key } } }`),
        ),
        weight: 15,
      },
      { call: call('me', 'read', hr.token, body('{ me { id role } }')), weight: 15 },
      {
        call: call(
          'records page',
          'list',
          hr.token,
          body(
            `{ records(categoryCode: "EMPLOYEE", purpose: "PERSONNEL_ADMIN", first: 50) { edges { node { id } } pageInfo { hasNextPage } } }`,
          ),
        ),
        weight: 15,
      },
      {
        call: call(
          'ledger page',
          'list',
          auditor.token,
          body(`{ ledgerEntries(first: 50) { edges { node { seq action } } } }`),
        ),
        weight: 10,
      },
      {
        call: call('create record', 'mutation', hr.token, body(CREATE, { input: createInput })),
        weight: 6,
      },
      {
        call: call(
          'provision',
          'mutation',
          hr.token,
          body(
            'mutation($input: RecordProvisionInput!) { recordProvision(input: $input) { id status } }',
            { input: handOff },
          ),
        ),
        weight: 4,
      },
      {
        call: call(
          'access events',
          'mutation',
          key.secret,
          body(
            'mutation($input: RecordAccessEventsInput!) { recordAccessEvents(input: $input) { recorded } }',
            {
              input: {
                events: [
                  {
                    eventId: 'load-__N__',
                    occurredAt: '2026-11-20T09:30:00.000Z',
                    action: 'READ',
                    subjectId: '550e8400-e29b-41d4-a716-446655440000',
                    categoryCode: 'CALL_RECORDING',
                    purposeCode: 'QUALITY_IMPROVEMENT',
                    fields: ['voiceRecording'],
                  },
                ],
              },
            },
          ),
          { idempotencyKey: true },
        ),
        weight: 5,
      },
    ];
    const run = async (rate: number, seconds: number, extra: Partial<OpenLoad> = {}) =>
      traced(await openLoad({ url, rate, seconds, mix, ...extra }));

    // Capacity: 32 clients in a closed loop for 10 s (after a warm-up).
    await run(0, 5, { concurrency: 16 });
    const closed = await run(0, 10, { concurrency: 32 });
    const served = (r: OpenLoadResult) => Object.values(r.byClass).reduce((n, f) => n + f.ok, 0);
    const capacity = (served(closed) * 1000) / closed.ms;
    // BENCH_LOAD_RATE fixes the rate, so that runs compared with each other (say, two hashing
    // settings) carry the same load whatever their capacity measured.
    const rate = Number(process.env.BENCH_LOAD_RATE) || Math.round(capacity * 0.6);

    const report = (label: string, r: OpenLoadResult) => {
      const failed = Object.values(r.byClass).reduce((n, f) => n + f.failed, 0);
      const throttled = Object.values(r.byClass).reduce((n, f) => n + f.throttled, 0);
      console.log(
        `  ${label}: ${fmt(r.sent)} calls, ${CLASSES.map((c) => `${c} p50 ${p50(r.byClass[c]).toFixed(1)} / p99 ${p99(r.byClass[c]).toFixed(1)} ms`).join(', ')}; refused ${fmt(throttled)}, failed ${fmt(failed)}`,
      );
      const failures: Record<string, number> = {};
      for (const f of Object.values(r.byClass))
        for (const [what, k] of Object.entries(f.failures))
          failures[what] = (failures[what] ?? 0) + k;
      if (failed > 0) console.log(`    failures: ${JSON.stringify(failures)}`);
      return { failed, throttled };
    };
    console.log(
      `Mixed load benchmark (60 % reads, 25 % lists, 15 % changes; capacity ${fmt(capacity)} calls/s with 32 clients; fixed rate ${fmt(rate)}/s${process.env.BENCH_LOAD_RATE ? ' (BENCH_LOAD_RATE)' : ' = 0.6 × capacity'}; argon2id m=${config.ARGON2_MEMORY_KIB} KiB, t=${config.ARGON2_TIME_COST})`,
    );

    if (!ONLY_SIGN_INS) {
      const heapBefore = heapAfterGc();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const steady = await run(rate, SECONDS);
      loop.disable();
      const heapAfter = heapAfterGc();
      const s = report(`steady ${SECONDS} s at ${fmt(rate)}/s`, steady);
      console.log(
        `    5xx/failed ${s.failed} (goal 0), heap ${(heapBefore / 2 ** 20).toFixed(0)} → ${(heapAfter / 2 ** 20).toFixed(0)} MiB (${(((heapAfter - heapBefore) / heapBefore) * 100).toFixed(1)} %, goal < 10 %), event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms (goal < 50 ms)`,
      );
    }

    // Twenty sign-ins at once, in the middle of a phase, against the same phase without them.
    // Twenty people (each within their own sign-in budget) sign in at the same moment.
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signedInUser(app, db.dataSource, url, Role.SALES, `load-sales-${i}@example.test`),
      ),
    );
    const logins: LoadCall[] = people.map(({ user }) =>
      call(
        'login',
        'login',
        '',
        body('mutation($i: LoginInput!) { login(input: $i) { token } }', {
          i: { email: user.email, password: 'bench-password-Daicho-2026!' },
        }),
      ),
    );
    // Rounds interleaved, so that the database's own background work falls on all alike. The
    // control rounds have no sign-ins either: set against the baseline over the same seconds,
    // they show how far two sets of rounds differ by chance at this number of calls.
    const quietRounds: OpenLoadResult[] = [];
    const busyRounds: OpenLoadResult[] = [];
    const controlRounds: OpenLoadResult[] = [];
    for (let round = 0; round < SIGN_IN_ROUNDS; round++) {
      quietRounds.push(await run(rate, PHASE));
      busyRounds.push(await run(rate, PHASE, { burst: { atSeconds: PHASE / 2, calls: logins } }));
      controlRounds.push(await run(rate, PHASE));
    }
    const quiet = merged(quietRounds);
    const busy = merged(busyRounds);
    const n = SIGN_IN_ROUNDS;
    report(`${n} × ${PHASE} s without sign-ins`, quiet);
    report(`${n} × ${PHASE} s with 20 sign-ins at once in each`, busy);
    report(`${n} × ${PHASE} s without sign-ins (control)`, merged(controlRounds));
    const loginP99 = p99(busy.burst);
    const change = (withThem: number, without: number) =>
      `${((withThem / without - 1) * 100).toFixed(0)} %`;
    // The goal's figure: the calls sent while the sign-ins ran (first sent to last answered),
    // against the calls sent in the same seconds of the round before, without them. A whole
    // phase's p99 dilutes them: the sign-ins take well under a second of its ten.
    const windows = busyRounds.map(signInWindow);
    const during = (rounds: OpenLoadResult[], c: (typeof CLASSES)[number]) =>
      rounds.flatMap((r, i) => sentWithin(r.byClass[c], windows[i]!)).sort((x, y) => x - y);
    const duringFigures = CLASSES.map((c) => {
      const withThem = during(busyRounds, c);
      const baseline = during(quietRounds, c);
      const control = during(controlRounds, c);
      const without = [...baseline, ...control].sort((x, y) => x - y);
      return { c, withThem, baseline, control, without };
    });
    const figure = (label: string, a: number[], b: number[]) => {
      const [pa, pb] = [percentile(a, 0.99), percentile(b, 0.99)];
      return `${label} ${pa.toFixed(1)} / ${pb.toFixed(1)} ms ${change(pa, pb)} (n ${a.length} / ${b.length})`;
    };
    console.log(
      `    sign-ins: ${busy.burst.ok} of ${20 * n} in, p99 ${loginP99.toFixed(0)} ms, lasting ${windows.map((w) => (w.to - w.from).toFixed(0)).join('/')} ms`,
    );
    console.log(
      `    others' p99 while the sign-ins ran, against the same seconds of both sets of rounds without them: ${duringFigures
        .map((f) => figure(f.c, f.withThem, f.without))
        .join(', ')} (goal within +20 %)`,
    );
    // Two sets of rounds that differ in nothing: how far their p99s differ is chance at this n.
    console.log(
      `    the control rounds against the baseline rounds over the same seconds (no sign-ins in either; chance at this n): ${duringFigures
        .map((f) => figure(f.c, f.control, f.baseline))
        .join(', ')}`,
    );
    console.log(
      `    others' p99 over whole phases: ${CLASSES.map((c) => `${c} ${change(p99(busy.byClass[c]), p99(quiet.byClass[c]))}`).join(', ')}`,
    );
    // One stalled round (the machine's, not the sign-ins') sets a merged p99: each round's beside it.
    const roundP99s = (results: OpenLoadResult[], c: (typeof CLASSES)[number]) =>
      results.map((r) => p99(r.byClass[c]));
    const rounds = (results: OpenLoadResult[], c: (typeof CLASSES)[number]) =>
      roundP99s(results, c)
        .map((ms) => ms.toFixed(0))
        .join('/');
    console.log(
      `    each round's p99 without / with sign-ins / control (ms): ${CLASSES.map((c) => `${c} ${rounds(quietRounds, c)} / ${rounds(busyRounds, c)} / ${rounds(controlRounds, c)}`).join(', ')}`,
    );

    // A stall of every call (seconds long, one round in ten or so here, with and without
    // sign-ins alike) sets the merged p99 of whichever set it falls in; the median of the rounds' p99s and a count of the pairs are not
    // swayed by one round.
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((x, y) => x - y),
        0.5,
      );
    console.log(
      `    median of the rounds' p99 without / with sign-ins / control, and the rounds with sign-ins above the round before them: ${CLASSES.map(
        (c) => {
          const without = roundP99s(quietRounds, c);
          const withThem = roundP99s(busyRounds, c);
          const control = roundP99s(controlRounds, c);
          const above = withThem.filter((x, i) => x > (without[i] ?? Number.NaN)).length;
          return `${c} ${[without, withThem, control].map((xs) => median(xs).toFixed(0)).join(' / ')} ms, ${above} of ${n}`;
        },
      ).join('; ')}`,
    );

    if (ONLY_SIGN_INS) return;
    // A spike at twice the capacity, then the fixed rate again.
    const spike = await run(Math.round(capacity * 2), 20);
    const sp = report(`spike 20 s at ${fmt(capacity * 2)}/s (2 × capacity)`, spike);
    const retryAfter = Object.values(spike.byClass).reduce((n, f) => n + f.retryAfterSeen, 0);
    const failures: Record<string, number> = {};
    for (const f of Object.values(spike.byClass))
      for (const [what, n] of Object.entries(f.failures))
        failures[what] = (failures[what] ?? 0) + n;
    console.log(
      `    refused with 503 + Retry-After: ${fmt(sp.throttled)} (${fmt(retryAfter)} carried Retry-After), other failures ${sp.failed} (goal 0) ${JSON.stringify(failures)}`,
    );
    const after = await run(rate, 20);
    const a = report(`recovery 20 s at ${fmt(rate)}/s`, after);
    console.log(
      `    refused after the spike: ${a.throttled} (goal 0), failed ${a.failed} (goal 0)`,
    );
  } finally {
    await app.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
