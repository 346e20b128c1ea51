import type { RequestContext } from '@daicho/access';
import type { LocalizedText } from '@daicho/documents';
import { recordedSeqSpan } from '@daicho/ledger';
import { byPerson, countedEntries, DAY_IN_JAPAN, ROLLUP_COLUMNS, TOUCHES } from './access-sql';
import { periodParts, type PeriodParts } from './access-period';
import { PerActorSums, type AccessRow } from './access-sums';
import type { StoredSums } from './access-stored-sums';
import type { AccessActorModel } from './access-report.models';

/** The reads the access report makes of the ledger, the rollup and the names it shows. */

/** Catalog names of the codes a report shows (categories and purposes), in both languages. */
export interface CatalogNames {
  categories: Map<string, LocalizedText>;
  purposes: Map<string, LocalizedText>;
}

export async function catalogNames(tx: RequestContext): Promise<CatalogNames> {
  const named = async (table: 'data_categories' | 'purposes') =>
    new Map(
      (
        await tx.manager.query<{ code: string; name: LocalizedText }[]>(
          `SELECT code, name FROM ${table}`,
        )
      ).map((r) => [r.code, r.name]),
    );
  return { categories: await named('data_categories'), purposes: await named('purposes') };
}

/** Entries not yet folded beyond which counting them is worth a parallel plan. */
const FAR_BEHIND = 100_000;

/** The period and what it is counted on. */
export interface AccessPeriod {
  from: Date;
  to: Date;
  treeSize: number;
  /** Days in the period on which the office is closed (every entry counts as off hours). */
  closed: string[];
  /** The rollup's mark: entries up to it are folded into access_rollup. */
  mark: number;
}

/**
 * Reads, exports, hand-offs, refusals and off-hours counts per actor × category, purpose, day,
 * actor × day and actor × purpose. Whole days and the other whole hours come as their stored
 * per-actor sums (access_rollup_sums: 30 values for a month, added up here, where aggregating
 * ~36,000 rollup rows into grouping sets took 50–90 ms at 10,000,000 entries); the partial hour
 * at either edge, and entries sealed after the rollup's mark, from the entries (periodParts).
 */
export async function countAccess(
  tx: RequestContext,
  p: AccessPeriod,
  stored: StoredSums,
): Promise<AccessRow[]> {
  const parts = periodParts(p.from, p.to);
  const sums = new PerActorSums();
  for (const row of await countEntries(tx, p, parts)) sums.add(row);
  const closed = new Set(p.closed);
  for (const d of await stored.read(tx, parts)) sums.addDay(d.day, d.sums, closed.has(d.day));
  return sums.rows();
}

/**
 * The per-actor sets of the entries the stored sums do not hold: the partial hour at either edge
 * (within its recording hours' sequence numbers, not a BRIN walk that sealing has made lossy) and
 * entries sealed after the rollup's mark. Nothing to count, no query.
 */
async function countEntries(
  tx: RequestContext,
  p: AccessPeriod,
  parts: PeriodParts,
): Promise<AccessRow[]> {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // A parameter no part uses would have no type: the tree size is added when first needed.
  let treeSizeParam: string | undefined;
  const treeSize = () => (treeSizeParam ??= param(p.treeSize));
  const columns = `seq, recorded_at, actor_id, actor_kind, actor_role, category_code,
      purpose_code, action, outcome`;
  const entries: string[] = [];
  for (const [from, to] of parts.edges) {
    const [a, b] = [param(from), param(to)];
    entries.push(`SELECT ${columns} FROM ledger_entries, (${recordedSeqSpan(a, b)}) span
                   WHERE recorded_at >= ${a} AND recorded_at < ${b}
                     AND seq BETWEEN span.lo AND span.hi AND seq BETWEEN 1 AND ${treeSize()}`);
  }
  if (parts.rolled && p.mark < p.treeSize)
    entries.push(`SELECT ${columns} FROM ledger_entries
                   WHERE seq > ${param(p.mark)} AND seq <= ${treeSize()}
                     AND recorded_at >= ${param(parts.rolled[0])} AND recorded_at < ${param(parts.rolled[1])}`);
  if (entries.length === 0) return [];
  // No JIT: its compile time exceeds the query's. Both cores when the rollup is far behind (just
  // emptied by a migration, or ACCESS_ROLLUP_SECONDS=0): then the whole period comes from here.
  const settings = ['jit'];
  await tx.manager.query(`SET LOCAL jit = off`);
  if (p.treeSize - p.mark > FAR_BEHIND) {
    settings.push('parallel_setup_cost', 'parallel_tuple_cost');
    await tx.manager.query(`SET LOCAL parallel_setup_cost = 0`);
    await tx.manager.query(`SET LOCAL parallel_tuple_cost = 0`);
  }
  const closed = param(p.closed);
  // Sums over int, not bigint: PostgreSQL adds bigints as numeric. An hour's entries of one
  // actor and kind are far below 2^31.
  const rows = await tx.manager.query<AccessRow[]>(
    `WITH base AS (
         SELECT ${ROLLUP_COLUMNS} FROM (${entries.join(' UNION ALL ')}) e
          WHERE ${countedEntries(param(TOUCHES))}
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
       ), f AS (
         SELECT b.*,
                CASE WHEN ${byPerson('b')} AND b.outcome = 'ALLOWED' AND b.action IN ('READ', 'EXPORT')
                     THEN CASE WHEN b.day = ANY(${closed}::date[]) THEN b.entries ELSE b.after_hours END
                     ELSE 0 END::int AS off_hours
           FROM base b
       )
       SELECT GROUPING(actor_id, actor_kind, category_code, purpose_code, day) AS g,
              actor_id, actor_kind, category_code, purpose_code, day::text AS day,
              max(actor_role) AS actor_role,
              COALESCE(sum(entries::int) FILTER (WHERE outcome = 'ALLOWED' AND action = 'READ'), 0)::int AS reads,
              COALESCE(sum(entries::int) FILTER (WHERE outcome = 'ALLOWED' AND action = 'EXPORT'), 0)::int AS exports,
              COALESCE(sum(entries::int) FILTER (WHERE outcome = 'ALLOWED' AND action = 'PROVIDE'), 0)::int AS provisions,
              COALESCE(sum(entries::int) FILTER (WHERE outcome = 'DENIED'), 0)::int AS denials,
              sum(off_hours)::int AS off_hours,
              min(first_seq)::text AS first_seq, max(last_seq)::text AS last_seq
         FROM f
        GROUP BY GROUPING SETS ((actor_id, actor_kind, category_code),
                                (actor_id, actor_kind, day), (actor_id, actor_kind, purpose_code))`,
    params,
  );
  // The settings were for that statement: the caller's transaction goes on as planned before.
  for (const setting of settings) await tx.manager.query(`SET LOCAL ${setting} TO DEFAULT`);
  return rows;
}

/**
 * Per actor and day, the entries naming a person after that person was erased: from the erased
 * persons to their entries (ledger_entries_subject_idx), not the other way round.
 */
export async function erasedTouches(
  tx: RequestContext,
  from: Date,
  to: Date,
  treeSize: number,
): Promise<Map<string, number>> {
  const rows = await tx.manager.query<{ actor_id: string; day: string; n: number }[]>(
    `SELECT e.actor_id, (${DAY_IN_JAPAN})::text AS day, count(*)::int AS n
       FROM data_subjects x
       JOIN ledger_entries e ON e.subject_id = x.id AND e.recorded_at >= x.erased_at
      WHERE x.erased_at IS NOT NULL AND e.recorded_at >= $1 AND e.recorded_at < $2
        AND e.seq BETWEEN 1 AND $3 AND ${countedEntries('$4')}
      GROUP BY 1, 2`,
    [from, to, treeSize, TOUCHES],
  );
  return new Map(rows.map((r) => [`${r.actor_id}|${r.day}`, r.n]));
}

/** Display names of the users and API keys among the actors. */
export async function actorNames(
  tx: RequestContext,
  rows: AccessRow[],
): Promise<Map<string, AccessActorModel>> {
  const ids = [...new Set(rows.map((r) => r.actor_id ?? ''))];
  const named = await tx.manager.query<
    { id: string; kind: string; role: string | null; name: string }[]
  >(
    `SELECT u.id::text AS id, 'USER' AS kind, u.role, u.display_name AS name
       FROM users u WHERE u.id::text = ANY($1::text[])
     UNION ALL
     SELECT k.id::text, 'API_KEY', NULL, k.name FROM api_keys k WHERE k.id::text = ANY($1::text[])`,
    [ids],
  );
  return new Map(named.map((n) => [n.id, n]));
}

/**
 * (actor, purpose) pairs of the period that the actor never used before it, among actors that
 * acted before it (a new account has no habits to depart from). One probe per pair on
 * ledger_entries_actor_purpose_idx.
 */
export async function newPurposes(tx: RequestContext, pairs: AccessRow[], from: Date) {
  // A purpose is used by touching data for it; refusals show as repeated denials instead.
  const used = pairs.filter(
    (p) => p.purpose_code !== null && p.actor_id !== null && p.reads + p.exports + p.provisions > 0,
  );
  if (used.length === 0) return [];
  const fresh = await tx.manager.query<{ i: number; first_at: Date }[]>(
    `SELECT p.i, f.recorded_at AS first_at
       FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS p(actor_id, purpose_code, first_seq, i)
       JOIN ledger_entries f ON f.seq = p.first_seq
      -- Per pair, as probes on the actor's indexes (LATERAL … LIMIT 1): never a hash join over
      -- the whole ledger, which PostgreSQL picks for an anti-join of a hundred pairs.
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM ledger_entries h
                                          WHERE h.actor_id = p.actor_id AND h.seq < p.first_seq
                                            AND h.recorded_at < $4 LIMIT 1) AS acted,
                                 EXISTS (SELECT 1 FROM ledger_entries h
                                          WHERE h.actor_id = p.actor_id AND h.purpose_code = p.purpose_code
                                            AND h.seq < p.first_seq LIMIT 1) AS used) k
      WHERE k.acted AND NOT k.used`,
    [
      used.map((p) => p.actor_id),
      used.map((p) => p.purpose_code),
      used.map((p) => p.first_seq),
      from,
    ],
  );
  return fresh.flatMap((f) => {
    const row = used[Number(f.i) - 1];
    return row ? [{ row, firstAt: f.first_at }] : [];
  });
}
