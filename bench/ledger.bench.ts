import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import {
  EvidenceExporter,
  Ledger,
  LedgerKeys,
  LedgerProofs,
  LedgerSequencer,
  LedgerStore,
  LedgerVerifier,
  leafHash,
  verifyInclusion,
} from '@daicho/ledger';
import { LedgerAction, runPrepared } from '@daicho/platform';
import { SingleBar, Presets } from 'cli-progress';
import type { DataSource } from 'typeorm';
import { benchConfig, benchDatabase } from './bench-database';
import { CpuSplit, NOTHING_SPENT, addSpent, spentBetween, type CpuSpent } from './cpu-split';
import { ledgerContext } from './ledger-context';
import { canonicalEntryBytes } from '../libs/ledger/src/entry/ledger-entry';
import { storedEntryOf, ENTRY_SELECT, type EntryRow } from '../libs/ledger/src/entry/entry-columns';

const CLIENTS = 16;
const ROUNDS = 4;
const PER_CLIENT = Number(process.env.BENCH_APPENDS_PER_CLIENT ?? 1000);
const VERIFY_ENTRIES = Number(process.env.BENCH_VERIFY_ENTRIES ?? 1_000_000);
const OFFLINE_VERIFIER = join(__dirname, '..', '..', 'tools', 'verify-ledger.js');
/**
 * An experiment, never a figure to record as the ledger's: the append rounds run on a ledger
 * without its filter indexes and BRIN, to show what they cost a seal (docs/performance.md,
 * "Where an append's CPU goes"). The bench's database is thrown away after the run.
 */
const WITHOUT_INDEXES = process.env.BENCH_LEDGER_WITHOUT_INDEXES === '1';
const FILTER_INDEXES = [
  'ledger_entries_actor_idx',
  'ledger_entries_subject_idx',
  'ledger_entries_category_idx',
  'ledger_entries_purpose_idx',
  'ledger_entries_actor_purpose_idx',
  'ledger_entries_action_idx',
  'ledger_entries_outcome_idx',
  'ledger_entries_recorded_at_brin',
];

const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);
/** The p-quantile of sorted latencies; NaN when there are none (printed, never hidden). */
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const fmt = (n: number) => n.toLocaleString('en-US');

/** 16 clients, each committing `count` single-row transactions made by `work`. */
async function sixteenClients(
  count: number,
  work: (client: number, i: number) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < count; i++) await work(c, i);
    }),
  );
  return performance.now() - started;
}

/**
 * Plain INSERTs, ledger appends and prepared plain INSERTs in alternating rounds (ABCABC), so
 * drift in the machine's speed falls on all alike; each ledger round ends with nothing left to
 * seal, so the sequencer's work for it does not spill into the next round.
 */
async function appendThroughput(ds: DataSource, ledger: Ledger, sequencer: LedgerSequencer) {
  if (WITHOUT_INDEXES) {
    await ds.transaction(async (m) => {
      await m.query(`SET LOCAL daicho.migration = 'on'`);
      for (const index of FILTER_INDEXES) await m.query(`DROP INDEX ${index}`);
    });
    console.log(
      `  EXPERIMENT: appends without ${FILTER_INDEXES.length} indexes (${FILTER_INDEXES.join(', ')})`,
    );
  }
  // Baseline: the same row, plain INSERT, in a table with no triggers, sequencing or hashing.
  await ds.query(
    'CREATE TABLE bench_plain (LIKE ledger_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
  );
  await ds.query('ALTER TABLE bench_plain ADD PRIMARY KEY (id)');
  const PLAIN_INSERT = `INSERT INTO bench_plain (actor_kind, actor_id, action, outcome, subject_id, category_code, purpose_code, fields, request_id, details)
         VALUES ('USER', $1, 'READ', 'ALLOWED', $2, 'EMPLOYEE', 'PERSONNEL_ADMIN', '{name,address}', $3, '{"n":1}')`;
  const plainInsert = (c: number) =>
    ds.transaction(async (m) => {
      await m.query(PLAIN_INSERT, [`user-${c}`, randomUUID(), randomUUID()]);
    });
  // A second peer, printed beside the first: appends run a prepared statement, so the same
  // INSERT prepared too shows what is left once both skip parsing and planning.
  const PREPARED = { name: 'bench_plain_insert', text: PLAIN_INSERT };
  const preparedInsert = (c: number) =>
    ds.transaction(async (m) => {
      await runPrepared(m, PREPARED, [`user-${c}`, randomUUID(), randomUUID()]);
    });
  const committedAt = new Map<string, number>();
  const ledgerAppend = (c: number) =>
    ds
      .transaction(async (manager) => {
        const requestId = randomUUID();
        await ledger.append(
          { manager, requestId, actor: { kind: 'USER', id: `user-${c}`, role: 'HR' } },
          {
            action: LedgerAction.READ,
            subjectId: randomUUID(),
            categoryCode: 'EMPLOYEE',
            purposeCode: 'PERSONNEL_ADMIN',
            fields: ['name', 'address'],
            details: { n: 1 },
          },
        );
        return requestId;
      })
      .then((requestId) => void committedAt.set(requestId, Date.now()));
  const perRound = Math.ceil(PER_CLIENT / ROUNDS);
  let plainMs = 0;
  let preparedMs = 0;
  let ledgerMs = 0;
  // Where each kind's CPU goes; a ledger round's counts its sealing, to the last entry.
  const split = await CpuSplit.open(ds);
  let plainCpu: CpuSpent = NOTHING_SPENT;
  let ledgerCpu: CpuSpent = NOTHING_SPENT;
  for (let round = 0; round < ROUNDS; round++) {
    const beforePlain = await split?.sample();
    plainMs += await sixteenClients(perRound, plainInsert);
    const afterPlain = await split?.sample();
    ledgerMs += await sixteenClients(perRound, ledgerAppend);
    await sequencer.flush();
    const afterLedger = await split?.sample();
    preparedMs += await sixteenClients(perRound, preparedInsert);
    if (beforePlain && afterPlain && afterLedger) {
      plainCpu = addSpent(plainCpu, spentBetween(beforePlain, afterPlain));
      ledgerCpu = addSpent(ledgerCpu, spentBetween(afterPlain, afterLedger));
    }
  }
  const transactions = CLIENTS * perRound * ROUNDS;
  const cpu = split ? { plain: plainCpu, ledger: ledgerCpu } : null;
  return { plainMs, preparedMs, ledgerMs, committedAt, transactions, cpu };
}

async function commitToSequenced(ds: DataSource, committedAt: Map<string, number>) {
  const rows = await ds.query<{ request_id: string; sequenced_at: Date }[]>(
    `SELECT request_id, sequenced_at FROM ledger_entries WHERE request_id = ANY($1::text[])`,
    [[...committedAt.keys()]],
  );
  const latencies = rows
    .map((r) => Math.max(0, r.sequenced_at.getTime() - (committedAt.get(r.request_id) ?? 0)))
    .sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), n: latencies.length };
}

async function fillLedger(ds: DataSource, sequencer: LedgerSequencer, total: number) {
  const bar = new SingleBar(
    { format: 'sealing {value}/{total} entries [{bar}]' },
    Presets.shades_classic,
  );
  const [{ n } = { n: 0 }] = await ds.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM ledger_entries',
  );
  bar.start(total, n);
  for (let have = n; have < total;) {
    const chunk = Math.min(50_000, total - have);
    await ds.query(
      `INSERT INTO ledger_entries (actor_kind, actor_id, actor_role, action, outcome, subject_id, category_code, purpose_code, fields, request_id, details)
       SELECT 'USER', 'user-' || (g % 50), 'HR', 'READ', 'ALLOWED', gen_random_uuid(), 'EMPLOYEE', 'PERSONNEL_ADMIN',
              '{name,address}', 'bulk-' || g, jsonb_build_object('n', g)
         FROM generate_series(1, $1) g`,
      [chunk],
    );
    have = (await sequencer.flush()) ?? have;
    bar.update(have);
  }
  bar.stop();
}

async function rawHashBaseline(ds: DataSource, total: number) {
  // The same canonical bytes, prepared in memory first: only SHA-256 is timed.
  const bytes: Buffer[] = [];
  for (let after = 0; after < total; after += 20_000) {
    const rows = await ds.query<EntryRow[]>(
      `SELECT ${ENTRY_SELECT} FROM ledger_entries e WHERE e.seq > $1 AND e.seq <= $2 ORDER BY e.seq`,
      [after, after + 20_000],
    );
    for (const row of rows) bytes.push(canonicalEntryBytes(storedEntryOf(row).entry));
  }
  const started = performance.now();
  for (const b of bytes) leafHash(b);
  return { ms: performance.now() - started, count: bytes.length };
}

async function proofFigures(proofs: LedgerProofs, size: number) {
  const samples = 200;
  const inclusion = [];
  for (let i = 0; i < samples; i++) {
    const seq = 1 + Math.floor(Math.random() * size);
    inclusion.push(await proofs.inclusion(seq, size));
  }
  const consistency = await proofs.consistency(Math.floor(size / 3), size);
  const started = performance.now();
  let checked = 0;
  while (performance.now() - started < 1000) {
    for (const p of inclusion) {
      if (!verifyInclusion(p.leafHash, p.leafIndex, p.treeSize, p.hashes, p.rootHash)) {
        throw new Error(`inclusion proof for ${p.seq} does not verify`);
      }
      checked++;
    }
  }
  const checkedPerSecond = rate(checked, performance.now() - started);
  const bytes = inclusion.map((p) => p.hashes.length * 32);
  return {
    inclusionBytesMax: Math.max(...bytes),
    inclusionBytesMean: Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length),
    consistencyBytes: consistency.hashes.length * 32,
    checkedPerSecond,
  };
}

/** The evidence bundle as `ledger:export` writes it, checked by the offline verifier. */
async function offlineFigures(app: INestApplicationContext, dataDir: string) {
  const bundle = join(dataDir, 'evidence.tar');
  const exportStarted = performance.now();
  const summary = await app.get(EvidenceExporter).export(bundle, {});
  const exportMs = performance.now() - exportStarted;
  const verifyStarted = performance.now();
  const command = [OFFLINE_VERIFIER, bundle, '--public-key', app.get(LedgerKeys).verifierKey];
  // GNU time, where there is one, for the verifier's peak memory.
  const timed = existsSync('/usr/bin/time');
  const tool = timed
    ? spawnSync('/usr/bin/time', ['-f', 'peak %M', process.execPath, ...command], {
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, command, { encoding: 'utf8' });
  const verifyMs = performance.now() - verifyStarted;
  if (tool.status !== 0)
    throw new Error(`the offline verifier failed: ${tool.stdout}${tool.stderr}`);
  const peakKb = Number(/peak (\d+)/.exec(tool.stderr)?.[1] ?? Number.NaN);
  await rm(bundle, { force: true });
  return {
    entries: summary.entries,
    bytes: summary.bytes,
    exportMs,
    verifyMs,
    peakMb: Math.round(peakKb / 1024),
  };
}

export async function ledgerBench(): Promise<void> {
  const db = await benchDatabase(CLIENTS + 4);
  const { config, dataDir } = await benchConfig(db);
  const app = await ledgerContext(db, config);
  try {
    const ds = db.dataSource;
    console.log(
      `Ledger benchmark (${CLIENTS} clients × ${fmt(PER_CLIENT)} transactions each, in ${ROUNDS} alternating rounds)`,
    );
    const { plainMs, preparedMs, ledgerMs, committedAt, transactions, cpu } =
      await appendThroughput(ds, app.get(Ledger), app.get(LedgerSequencer));
    const plainRate = rate(transactions, plainMs);
    const ledgerRate = rate(transactions, ledgerMs);
    console.log(`  baseline plain INSERT commits : ${fmt(plainRate)} /s`);
    console.log(
      `  ledger appends (commits)      : ${fmt(ledgerRate)} /s   ratio ${(ledgerRate / plainRate).toFixed(2)} (goal ≥ 0.8)`,
    );
    const preparedRate = rate(transactions, preparedMs);
    console.log(
      `  peer: plain INSERT prepared   : ${fmt(preparedRate)} /s   appends against it ${(ledgerRate / preparedRate).toFixed(2)}`,
    );
    if (cpu) {
      const perTx = (ms: number) => ((ms * 1000) / transactions).toFixed(0);
      const line = (s: CpuSpent) =>
        `client backends ${perTx(s.clients)}, sequencer backend ${perTx(s.sequencer)}, PostgreSQL background ${perTx(s.background)}, this process ${perTx(s.node)}; in all ${perTx(s.clients + s.sequencer + s.background + s.node)}`;
      console.log(`  CPU µs per transaction, plain : ${line(cpu.plain)}`);
      console.log(`  CPU µs per transaction, ledger: ${line(cpu.ledger)}`);
    }
    await app.get(LedgerSequencer).flush();
    const latency = await commitToSequenced(ds, committedAt);
    console.log(
      `  commit → sequenced            : p50 ${latency.p50} ms, p99 ${latency.p99} ms over ${fmt(latency.n)} entries (goal p99 < 50 ms)`,
    );

    await fillLedger(ds, app.get(LedgerSequencer), VERIFY_ENTRIES);
    // As autovacuum leaves a ledger in steady state (sealing rewrote every row just now).
    await ds.query('VACUUM (ANALYZE) ledger_entries');
    const verifyStarted = performance.now();
    const report = await app.get(LedgerVerifier).verify();
    const verifyMs = performance.now() - verifyStarted;
    if (!report.ok) throw new Error(`verification failed: ${report.reason}`);
    const raw = await rawHashBaseline(ds, report.checkedEntries);
    const verifyRate = rate(report.checkedEntries, verifyMs);
    const rawRate = rate(raw.count, raw.ms);
    console.log(
      `  verifyLedger over ${fmt(report.checkedEntries)} entries: ${fmt(verifyRate)} entries/s (${(verifyMs / 1000).toFixed(1)} s, ${config.LEDGER_VERIFY_THREADS} threads)`,
    );
    console.log(
      `  baseline raw SHA-256, same bytes: ${fmt(rawRate)} entries/s   ratio ${(verifyRate / rawRate).toFixed(2)} (goal ≥ 0.3 and ≥ 100,000/s)`,
    );

    const offline = await offlineFigures(app, dataDir);
    console.log(
      `  ledger:export of ${fmt(offline.entries)} entries: ${(offline.exportMs / 1000).toFixed(1)} s, ${fmt(Math.round(offline.bytes / 1e6))} MB`,
    );
    console.log(
      `  tools/verify-ledger.js on that bundle: ${fmt(rate(offline.entries, offline.verifyMs))} entries/s (${(offline.verifyMs / 1000).toFixed(1)} s, one thread, peak RSS ${fmt(offline.peakMb)} MB)`,
    );

    const size = (await app.get(LedgerStore).head()).size;
    const proofs = await proofFigures(app.get(LedgerProofs), size);
    console.log(
      `  proofs at ${fmt(size)} entries: inclusion ${proofs.inclusionBytesMean} B mean / ${proofs.inclusionBytesMax} B max, consistency ${proofs.consistencyBytes} B`,
    );
    console.log(`  inclusion proofs checked: ${fmt(proofs.checkedPerSecond)} /s`);
  } finally {
    await app.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
