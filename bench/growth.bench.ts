import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { RequestContext, Role } from '@daicho/access';
import { LedgerProofs, LedgerSequencer, LedgerStore, type EntryFilter } from '@daicho/ledger';
import { AuditTrail, plusDays, startOfDayInJapan, todayInJapan } from '@daicho/platform';
import { AccessReports, AccessRollup } from '@daicho/reports';
import type { DataSource } from 'typeorm';
import { benchConfig, benchDatabase } from './bench-database';
import { ledgerContext } from './ledger-context';
import { ACTORS, fillAccessLedger } from './ledger-fill';

const TOTAL = Number(process.env.BENCH_GROWTH_ENTRIES ?? 10_000_000);
const DAYS = 365;
/** People the entries are about: a person has TOTAL / SUBJECTS entries on average. */
const SUBJECTS = 100_000;
const SAMPLES = Number(process.env.BENCH_GROWTH_SAMPLES ?? 200);
const GOAL_MS = 100;
const PAGE = 51; // a page of 50 and the look-ahead row for hasNextPage, as ledgerEntries asks

const fmt = (n: number) => n.toLocaleString('en-US');
const pick = (n: number) => Math.floor(Math.random() * n);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/** p50 and p99 of `samples` runs of `work`, each given its run number. */
async function timed(samples: number, work: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await work(i);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
}

async function storage(ds: DataSource, size: number) {
  const [row] = await ds.query<{ entries: string; nodes: string; rollup: string }[]>(
    `SELECT pg_total_relation_size('ledger_entries') AS entries,
            pg_total_relation_size('ledger_tree_nodes') AS nodes,
            pg_total_relation_size('access_rollup')
              + pg_total_relation_size('access_rollup_sums') AS rollup`,
  );
  const entries = Number(row?.entries ?? 0);
  const nodes = Number(row?.nodes ?? 0);
  return {
    entries,
    nodes,
    rollup: Number(row?.rollup ?? 0),
    perEntry: Math.round((entries + nodes) / size),
  };
}

/**
 * `npm run bench -- growth`: a year of a busy ledger (10,000,000 entries by default, over 365
 * days, 50 actors, 100,000 people), then p50/p99 of what auditors and the CPO ask of it at that
 * size — proofs, `ledgerEntries` pages with each filter at random depths, a person's footprint,
 * the access report — against the goal of p99 < 100 ms; and the bytes each entry costs on disk.
 */
export async function growthBench(): Promise<void> {
  const db = await benchDatabase(8);
  const { config, dataDir } = await benchConfig(db);
  const app = await ledgerContext(db, config, [AccessReports, AccessRollup]);
  try {
    const ds = db.dataSource;
    let start = new Date(Math.floor(Date.now() / 86_400_000 - DAYS - 1) * 86_400_000);
    const fillStarted = performance.now();
    // A kept database (BENCH_REUSE_DATABASE) already holds the year: its last TOTAL entries,
    // dated from the first of them.
    if (process.env.BENCH_REUSE_DATABASE) {
      const [first] = await ds.query<{ at: Date }[]>(
        'SELECT recorded_at AS at FROM ledger_entries WHERE seq = (SELECT size FROM ledger_head) - $1 + 1',
        [TOTAL],
      );
      if (!first) throw new Error(`the kept database holds fewer than ${TOTAL} entries`);
      start = new Date(Math.floor(first.at.getTime() / 86_400_000) * 86_400_000);
    } else {
      await fillAccessLedger(ds, app.get(LedgerSequencer), {
        total: TOTAL,
        days: DAYS,
        start,
        subjects: SUBJECTS,
      });
      // As autovacuum leaves a ledger in steady state (sealing rewrote every row just now).
      await ds.query('VACUUM (ANALYZE) ledger_entries');
      await ds.query('VACUUM (ANALYZE) ledger_tree_nodes');
    }
    const fillS = (performance.now() - fillStarted) / 1000;
    const [{ checkpoint } = { checkpoint: '0' }] = await ds.query<{ checkpoint: string }[]>(
      `SELECT max(tree_size)::text AS checkpoint FROM ledger_checkpoints`,
    );
    // What the server's AccessRollupMaintainer does in the background (all of it after the
    // migration that emptied the rollup; on a kept database, only what is new).
    const foldStarted = performance.now();
    await app.get(AccessRollup).catchUp(Number(checkpoint));
    const foldS = (performance.now() - foldStarted) / 1000;
    const size = (await app.get(LedgerStore).head()).size;
    const disk = await storage(ds, size);
    console.log(
      `Growth benchmark: ${fmt(size)} entries over ${DAYS} days (${process.env.BENCH_REUSE_DATABASE ? 'a kept database' : `filled and sealed in ${fillS.toFixed(0)} s, ${fmt(Math.round(size / fillS))} entries/s`}), ${SAMPLES} samples each`,
    );
    console.log(
      `  on disk: entries ${fmt(Math.round(disk.entries / 1e6))} MB, tree nodes ${fmt(Math.round(disk.nodes / 1e6))} MB, rollup ${fmt(Math.round(disk.rollup / 1e6))} MB: ${fmt(disk.perEntry)} bytes per entry with its indexes`,
    );
    console.log(
      `  access report rollup folded up to the latest checkpoint in ${foldS.toFixed(1)} s`,
    );

    const proofs = app.get(LedgerProofs);
    const store = app.get(LedgerStore);
    const subjectIds = await ds.query<{ id: string }[]>(
      `SELECT md5('subject-' || n)::uuid::text AS id FROM generate_series(0, 999) n`,
    );
    const day = (i: number) => new Date(start.getTime() + (1 + (i % (DAYS - 1))) * 86_400_000);
    const filters: [string, (i: number) => EntryFilter][] = [
      ['no filter', () => ({})],
      ['actorId', (i) => ({ actorId: `user-${i % ACTORS}` })],
      ['subjectId', (i) => ({ subjectId: subjectIds[i % subjectIds.length]?.id })],
      ['categoryCode', () => ({ categoryCode: 'CCTV' })],
      ['purposeCode', () => ({ purposeCode: 'PAYROLL' })],
      ['action (0.5 %)', () => ({ action: 'PROVIDE' })],
      ['outcome (1 %)', () => ({ outcome: 'DENIED' })],
      ['one day (from, to)', (i) => ({ from: day(i), to: day(i + 1) })],
      ['30 days (from, to)', (i) => ({ from: day(i), to: day(i + 30) })],
      ['a purpose never used', () => ({ purposeCode: 'RECRUITMENT' })],
    ];
    const figures: [string, { p50: number; p99: number }][] = [];
    figures.push([
      'inclusion proof',
      await timed(SAMPLES, () => proofs.inclusion(1 + pick(size), size)),
    ]);
    figures.push([
      'consistency proof',
      await timed(SAMPLES, () => proofs.consistency(1 + pick(size - 1), size)),
    ]);
    for (const [name, filter] of filters) {
      figures.push([
        `ledgerEntries, ${name}, a page at a random depth`,
        await timed(SAMPLES, (i) => store.entries(filter(i), pick(size), PAGE)),
      ]);
    }
    figures.push([
      "a person's footprint (their entries, up to 500)",
      await timed(SAMPLES, (i) =>
        store.entries({ subjectId: subjectIds[i % subjectIds.length]?.id }, 0, 500),
      ),
    ]);
    const ctx = RequestContext.forActor(
      { kind: 'USER', id: randomUUID(), role: Role.CPO, mustChangePassword: false, scopes: [] },
      randomUUID(),
      ds,
      app.get(AuditTrail),
    );
    const reports = app.get(AccessReports);
    // As the console asks: the last 30 days in Japan, whole days (from the rollup).
    const lastDay = todayInJapan(new Date(start.getTime() + DAYS * 86_400_000 - 1));
    const wholeFrom = startOfDayInJapan(plusDays(lastDay, -29));
    const wholeTo = startOfDayInJapan(plusDays(lastDay, 1));
    figures.push([
      'access report, the last 30 days in Japan (as the console asks)',
      await timed(SAMPLES, () => reports.report(ctx, wholeFrom, wholeTo)),
    ]);
    // Cut at 09:00 in Japan (midnight UTC): the first day's office hours come from the entries.
    const to = new Date(start.getTime() + DAYS * 86_400_000);
    const from = new Date(to.getTime() - 30 * 86_400_000);
    figures.push([
      'access report, 30 days from 09:00 in Japan (a partial first day)',
      await timed(SAMPLES, () => reports.report(ctx, from, to)),
    ]);
    for (const [name, { p50, p99 }] of figures) {
      const verdict = p99 < GOAL_MS ? 'met' : 'MISSED';
      console.log(
        `  ${name.padEnd(68)} p50 ${p50.toFixed(1).padStart(7)} ms  p99 ${p99.toFixed(1).padStart(7)} ms  (goal p99 < ${GOAL_MS} ms: ${verdict})`,
      );
    }
  } finally {
    await app.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
