import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { RequestContext } from '@daicho/access';
import { EntryProofs, LedgerSequencer } from '@daicho/ledger';
import { SingleBar, Presets } from 'cli-progress';
import type { DataSource } from 'typeorm';
import { benchConfig, benchDatabase } from './bench-database';
import { ledgerContext } from './ledger-context';
import { ledgerScope } from '../libs/incidents/src/scope/ledger-scope';

const TOTAL = Number(process.env.BENCH_SCOPE_ENTRIES ?? 1_000_000);
/** One entry in a hundred is the compromised account's: 10,000 of a million. */
const EVERY = 100;
const fmt = (n: number) => n.toLocaleString('en-US');

/** A million sealed entries; every hundredth a READ of a record by `actorId`. */
async function fill(ds: DataSource, sequencer: LedgerSequencer, actorId: string) {
  const bar = new SingleBar(
    { format: 'sealing {value}/{total} entries [{bar}]' },
    Presets.shades_classic,
  );
  bar.start(TOTAL, 0);
  for (let have = 0; have < TOTAL;) {
    const chunk = Math.min(50_000, TOTAL - have);
    await ds.query(
      `INSERT INTO ledger_entries (actor_kind, actor_id, actor_role, action, outcome, target_type,
         target_id, subject_id, category_code, purpose_code, fields, request_id, details)
       SELECT 'USER', CASE WHEN g % ${EVERY} = 0 THEN $2 ELSE 'user-' || (g % 50) END, 'HR', 'READ',
              'ALLOWED', 'PersonalRecord', gen_random_uuid()::text, gen_random_uuid(), 'EMPLOYEE',
              'PERSONNEL_ADMIN', '{name,address}', 'bulk-' || ($3::int + g), jsonb_build_object('n', g)
         FROM generate_series(1, $1) g`,
      [chunk, actorId, have],
    );
    have = (await sequencer.flush()) ?? have;
    bar.update(have);
  }
  bar.stop();
}

/**
 * `npm run bench -- incidents`: an incident's scope from the ledger for one account
 * over a window of a million entries, ten thousand of them its own — the entries found, mapped to
 * records and verified against the signed tree — next to a same-run `count(*)` over the window.
 */
export async function incidentsBench(): Promise<void> {
  const db = await benchDatabase(8);
  const { config, dataDir } = await benchConfig(db);
  const app = await ledgerContext(db, config);
  try {
    const ds = db.dataSource;
    const [{ id: actorId } = { id: randomUUID() }] = await ds.query<{ id: string }[]>(
      `INSERT INTO users (email, display_name, role, department, password_hash)
       VALUES ('bench@example.jp', 'bench', 'HR', 'HR', 'x') RETURNING id`,
    );
    await fill(ds, app.get(LedgerSequencer), actorId);
    // As autovacuum leaves a ledger in steady state (sealing rewrote every row just now).
    await ds.query('VACUUM (ANALYZE) ledger_entries, ledger_tree_nodes');
    const [{ first: from } = { first: new Date() }] = await ds.query<{ first: Date }[]>(
      `SELECT recorded_at AS first FROM ledger_entries WHERE seq = 1`,
    );
    const to = new Date();
    const window = [from, to];
    console.log(`Incidents benchmark: scope from the ledger over ${fmt(TOTAL)} entries`);
    const countStarted = performance.now();
    const [{ n } = { n: 0 }] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE recorded_at >= $1 AND recorded_at < $2`,
      window,
    );
    const countMs = performance.now() - countStarted;
    const tx = { manager: ds.manager } as unknown as RequestContext;
    const started = performance.now();
    // The whole window in one call: the bench measures the scope itself, not the cap.
    const found = await ledgerScope(tx, { actorId, from, to }, null, Number.MAX_SAFE_INTEGER);
    const foundMs = performance.now() - started;
    const verified = await app.get(EntryProofs).verifyRows(found.entries);
    const totalMs = performance.now() - started;
    if (verified.failed.length > 0) throw new Error('entries failed to verify');
    console.log(
      `  baseline count(*) over the window  : ${fmt(n)} entries in ${countMs.toFixed(0)} ms`,
    );
    console.log(
      `  the account's entries found, mapped : ${fmt(found.entries.length)} in ${foundMs.toFixed(0)} ms`,
    );
    console.log(
      `  … and verified against the tree     : ${(totalMs / 1000).toFixed(2)} s in all (goal < 2 s), ${(totalMs / countMs).toFixed(1)}× the count`,
    );
  } finally {
    await app.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
