import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { RequestContext, Role, type Actor } from '@daicho/access';
import { LedgerSequencer } from '@daicho/ledger';
import { AuditTrail } from '@daicho/platform';
import { AccessReports, AccessRollup } from '@daicho/reports';
import { benchConfig, benchDatabase } from './bench-database';
import { ledgerContext } from './ledger-context';
import { fillAccessLedger } from './ledger-fill';

const TOTAL = Number(process.env.BENCH_REPORT_ENTRIES ?? 1_000_000);
const DAYS = 30;
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * `npm run bench -- reports`: the access report over 30 days of a million entries —
 * the heat map, per purpose and per day, and the anomalies — next to a same-run `count(*)` of
 * the period.
 */
export async function reportsBench(): Promise<void> {
  const db = await benchDatabase(8);
  const { config, dataDir } = await benchConfig(db);
  const app = await ledgerContext(db, config, [AccessReports, AccessRollup]);
  try {
    const ds = db.dataSource;
    // Midnight UTC = 9:00 JST, DAYS + 1 days ago: entries fall in office hours but the rare night.
    const start = new Date(Math.floor(Date.now() / 86_400_000 - DAYS - 1) * 86_400_000);
    await fillAccessLedger(ds, app.get(LedgerSequencer), { total: TOTAL, days: DAYS, start });
    // As autovacuum leaves a ledger in steady state (sealing rewrote every row just now).
    await ds.query('VACUUM (ANALYZE) ledger_entries');
    const from = start;
    const to = new Date(start.getTime() + DAYS * 86_400_000 + 1);
    console.log(`Reports benchmark: access report over ${fmt(TOTAL)} entries, ${DAYS} days`);
    const countStarted = performance.now();
    const [{ n } = { n: 0 }] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE recorded_at >= $1 AND recorded_at < $2`,
      [from, to],
    );
    const countMs = performance.now() - countStarted;
    const actor: Actor = {
      kind: 'USER',
      id: randomUUID(),
      role: Role.CPO,
      mustChangePassword: false,
      scopes: [],
    };
    const ctx = RequestContext.forActor(actor, randomUUID(), ds, app.get(AuditTrail));
    const reports = app.get(AccessReports);
    const timed = async () => {
      const started = performance.now();
      const report = await reports.report(ctx, from, to);
      return { report, ms: performance.now() - started };
    };
    // From the entries alone (a rollup not folded yet: the first report after an upgrade).
    const raw = await timed();
    // The server folds each signed checkpoint into the daily rollup in the background; here at once.
    const [{ size } = { size: '0' }] = await ds.query<{ size: string }[]>(
      `SELECT max(tree_size)::text AS size FROM ledger_checkpoints`,
    );
    const foldStarted = performance.now();
    await app.get(AccessRollup).catchUp(Number(size));
    const foldMs = performance.now() - foldStarted;
    const [{ rows } = { rows: 0 }] = await ds.query<{ rows: number }[]>(
      `SELECT count(*)::int AS rows FROM access_rollup`,
    );
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await timed());
    const best = runs.map((r) => r.ms).sort((a, b) => a - b);
    const median = best[Math.floor(best.length / 2)] ?? 0;
    const [first] = runs;
    if (!first) throw new Error('no timed run');
    const report = first.report;
    if (
      JSON.stringify({ ...report, basis: null }) !== JSON.stringify({ ...raw.report, basis: null })
    )
      throw new Error('the report from the rollup differs from the report from the entries');
    console.log(
      `  baseline count(*) of the period      : ${fmt(n)} entries in ${countMs.toFixed(0)} ms`,
    );
    console.log(
      `  from the entries alone (no rollup)   : ${raw.ms.toFixed(0)} ms, ${(raw.ms / countMs).toFixed(1)}× the count`,
    );
    console.log(
      `  folding the rollup (background work) : ${fmt(Number(size))} entries into ${fmt(rows)} rows in ${foldMs.toFixed(0)} ms`,
    );
    console.log(
      `  heat map, purposes, days, anomalies  : ${fmt(report.byActorCategory.length)} cells, ${fmt(report.anomalies.length)} anomalies in ${median.toFixed(0)} ms median of 5 (goal < 1 s), ${(median / countMs).toFixed(2)}× the count; same figures as from the entries`,
    );
  } finally {
    await app.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
