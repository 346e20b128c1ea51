import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import type { LocalizedText } from '@daicho/documents';
import { CheckpointStamps, Ledger, type CheckpointStampData } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  isBusinessDay,
  LedgerAction,
  plusDays,
  todayInJapan,
} from '@daicho/platform';
import { ROLLUP_LOCK } from './access-rollup';
import { countedEntries, DAY_IN_JAPAN, ROLLUP_COLUMNS, TOUCHES } from './access-sql';
import {
  AccessAnomalyKind,
  anomalyReason,
  dayAnomalies,
  type ActorDay,
  type DayAnomaly,
} from './access-anomalies';

const reasons = (a: Omit<DayAnomaly, 'actorId' | 'day'>) => ({
  reason: anomalyReason(a, 'en'),
  reasonJa: anomalyReason(a, 'ja'),
});
import type {
  AccessActorModel,
  AccessAnomalyModel,
  AccessCountsModel,
  AccessReportModel,
} from './access-report.models';

/** Catalog names of the codes a report shows (categories and purposes), in both languages. */
export interface CatalogNames {
  categories: Map<string, LocalizedText>;
  purposes: Map<string, LocalizedText>;
}

async function catalogNames(tx: RequestContext): Promise<CatalogNames> {
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

/** The longest period one report covers: a year (the annual audit). */
const MAX_DAYS = 366;

interface Row {
  g: number;
  actor_id: string | null;
  actor_kind: string | null;
  actor_role: string | null;
  category_code: string | null;
  purpose_code: string | null;
  day: string | null;
  reads: number;
  exports: number;
  provisions: number;
  denials: number;
  off_hours: number;
  first_seq: string;
  last_seq: string;
}

// GROUPING(actor_id, actor_kind, category_code, purpose_code, day): a bit set per column left out.
const SET = {
  actorCategory: 0b00011,
  purpose: 0b11101,
  day: 0b11110,
  actorDay: 0b00110,
  actorPurpose: 0b00101,
} as const;

/**
 * Who read what over a period — the CPO's and the auditor's access report (policy item 2,
 * supervision of those who handle personal data; JIS Q 15001 A.3.7): reads, exports, hand-offs
 * and refusals per actor × category, per purpose and per day, and the anomalies with their reasons.
 * One statement over the sealed ledger up to the latest signed checkpoint, which the report names:
 * whole days from the daily rollup (AccessRollup) up to its mark, everything else — the partial
 * days at the edges, entries sealed after the mark — from the entries themselves (GROUPING SETS);
 * nothing of the ledger is loaded into memory.
 */
@Injectable()
export class AccessReports {
  constructor(
    private readonly ledger: Ledger,
    private readonly stamps: CheckpointStamps,
  ) {}

  async report(ctx: RequestContext, from: Date, to: Date): Promise<AccessReportModel> {
    return (await this.build(ctx, from, to)).report;
  }

  /** The report and the full checkpoint stamp it was counted on (for a document to print). */
  async build(
    ctx: RequestContext,
    from: Date,
    to: Date,
  ): Promise<{ report: AccessReportModel; stamp: CheckpointStampData; names: CatalogNames }> {
    if (to <= from) throw new BadUserInputError('to must lie after from.', ['to']);
    const firstDay = todayInJapan(from);
    const lastDay = todayInJapan(new Date(to.getTime() - 1));
    const closed: string[] = [];
    for (let day = firstDay, n = 0; day <= lastDay; day = plusDays(day, 1), n++) {
      if (n >= MAX_DAYS)
        throw new BadUserInputError(`A report covers at most ${MAX_DAYS} days.`, ['from']);
      if (!isBusinessDay(day)) closed.push(day);
    }
    // Whole days in Japan inside the period come from the rollup; the partial days at its edges
    // from the entries themselves.
    const dayStart = (day: string) => new Date(`${day}T00:00:00+09:00`);
    let wholeFrom = dayStart(firstDay);
    if (wholeFrom < from) wholeFrom = dayStart(plusDays(firstDay, 1));
    let wholeTo = dayStart(todayInJapan(to));
    if (wholeFrom >= wholeTo) wholeFrom = wholeTo = to;
    return ctx.transaction(async (tx) => {
      // While this is held no fold commits: the rollup's mark and rows agree, and the checkpoint
      // read next is at or beyond the mark (folding stops at a signed checkpoint).
      await tx.manager.query(`SELECT pg_advisory_xact_lock_shared($1::bigint)`, [ROLLUP_LOCK]);
      const basis = await this.stamps.latest(tx.manager);
      const [markRow] = await tx.manager.query<{ through_seq: string }[]>(
        `SELECT through_seq FROM access_rollup_mark`,
      );
      const mark = Number(markRow?.through_seq ?? 0);
      // Folding stops at a signed checkpoint: a mark beyond the latest one was written by hand.
      if (mark > basis.treeSize)
        throw new ConflictError(
          `The access report's rollup claims entries up to ${mark}, beyond the signed ledger (${basis.treeSize}): it was altered. Run verifyLedger, report it as an incident, and rebuild the rollup.`,
        );
      // One pass, planned for what it is — a big aggregate into few groups: no JIT (its compile
      // time exceeds the query's), hashing rather than sorting (the planner guesses far more
      // groups than there are), both cores scanning.
      for (const setting of [
        'jit = off',
        'enable_sort = off',
        'parallel_setup_cost = 0',
        'parallel_tuple_cost = 0',
      ])
        await tx.manager.query(`SET LOCAL ${setting}`);
      const columns = `seq, recorded_at, actor_id, actor_kind, actor_role, category_code,
        purpose_code, action, outcome`;
      const rows = await tx.manager.query<Row[]>(
        `WITH raw AS (
           SELECT ${ROLLUP_COLUMNS}
             FROM (SELECT ${columns} FROM ledger_entries
                    WHERE recorded_at >= $1 AND recorded_at < $6 AND seq BETWEEN 1 AND $3
                   UNION ALL
                   SELECT ${columns} FROM ledger_entries
                    WHERE recorded_at >= $7 AND recorded_at < $2 AND seq BETWEEN 1 AND $3
                   UNION ALL
                   -- Whole days' entries sealed after the rollup's mark.
                   SELECT ${columns} FROM ledger_entries
                    WHERE seq > $8 AND seq <= $3 AND recorded_at >= $6 AND recorded_at < $7) e
            WHERE ${countedEntries('$4')}
            GROUP BY 1, 2, 3, 4, 5, 6, 7
         ), base AS (
           SELECT actor_id, actor_kind, category_code, purpose_code, action, outcome, day, entries,
                  after_hours, first_seq, last_seq, actor_role
             FROM access_rollup WHERE day >= $9::date AND day < $10::date
           UNION ALL
           SELECT actor_id, actor_kind, category_code, purpose_code, action, outcome, day, entries,
                  after_hours, first_seq, last_seq, actor_role
             FROM raw
         ), f AS (
           SELECT b.*,
                  -- A person at work reads in office hours; an integration's batch may run at night.
                  CASE WHEN b.actor_kind = 'USER' AND b.outcome = 'ALLOWED' AND b.action IN ('READ', 'EXPORT')
                       THEN CASE WHEN b.day = ANY($5::date[]) THEN b.entries ELSE b.after_hours END
                       ELSE 0 END AS off_hours
             FROM base b
         )
         SELECT GROUPING(actor_id, actor_kind, category_code, purpose_code, day) AS g,
                actor_id, actor_kind, category_code, purpose_code, day::text AS day,
                max(actor_role) AS actor_role,
                COALESCE(sum(entries) FILTER (WHERE outcome = 'ALLOWED' AND action = 'READ'), 0)::int AS reads,
                COALESCE(sum(entries) FILTER (WHERE outcome = 'ALLOWED' AND action = 'EXPORT'), 0)::int AS exports,
                COALESCE(sum(entries) FILTER (WHERE outcome = 'ALLOWED' AND action = 'PROVIDE'), 0)::int AS provisions,
                COALESCE(sum(entries) FILTER (WHERE outcome = 'DENIED'), 0)::int AS denials,
                sum(off_hours)::int AS off_hours,
                min(first_seq)::text AS first_seq, max(last_seq)::text AS last_seq
           FROM f
          GROUP BY GROUPING SETS ((actor_id, actor_kind, category_code), (purpose_code), (day),
                                  (actor_id, actor_kind, day), (actor_id, actor_kind, purpose_code))`,
        [
          from,
          to,
          basis.treeSize,
          TOUCHES,
          closed,
          wholeFrom,
          wholeTo,
          mark,
          todayInJapan(wholeFrom),
          todayInJapan(wholeTo),
        ],
      );
      // The settings were for that statement: the caller's transaction goes on as planned before.
      for (const setting of ['jit', 'enable_sort', 'parallel_setup_cost', 'parallel_tuple_cost'])
        await tx.manager.query(`SET LOCAL ${setting} TO DEFAULT`);
      const onErased = await this.onErased(tx, from, to, basis.treeSize);
      const of = (set: number) => rows.filter((r) => r.g === set);
      const names = await catalogNames(tx);
      const actors = await this.actors(
        tx,
        rows.filter((r) => r.actor_id !== null),
      );
      const actor = (r: Row): AccessActorModel =>
        actors.get(r.actor_id ?? '') ?? {
          id: r.actor_id ?? '',
          kind: r.actor_kind ?? '',
          role: r.actor_role,
          name: null,
        };
      const dayRange = (day: string) => ({
        from: new Date(Math.max(from.getTime(), Date.parse(`${day}T00:00:00+09:00`))),
        to: new Date(Math.min(to.getTime(), Date.parse(`${plusDays(day, 1)}T00:00:00+09:00`))),
      });
      const actorDays = of(SET.actorDay);
      const days: ActorDay[] = actorDays.map((r) => ({
        actorId: r.actor_id ?? '',
        day: r.day ?? '',
        reads: r.reads,
        exports: r.exports,
        denials: r.denials,
        offHours: r.off_hours,
        onErased: onErased.get(`${r.actor_id ?? ''}|${r.day ?? ''}`) ?? 0,
        firstSeq: Number(r.first_seq),
        lastSeq: Number(r.last_seq),
      }));
      const rowOf = new Map(actorDays.map((r) => [`${r.actor_id ?? ''}|${r.day ?? ''}`, r]));
      const anomalies: AccessAnomalyModel[] = dayAnomalies(days).map((a) => {
        const r = rowOf.get(`${a.actorId}|${a.day}`);
        return {
          kind: a.kind,
          actor: r ? actor(r) : { id: a.actorId, kind: '', role: null, name: null },
          day: a.day,
          reason: anomalyReason(a, 'en'),
          reasonJa: anomalyReason(a, 'ja'),
          entries: a.entries,
          ...dayRange(a.day),
          firstSeq: Number(r?.first_seq ?? 0),
          lastSeq: Number(r?.last_seq ?? 0),
        };
      });
      for (const n of await this.newPurposes(tx, of(SET.actorPurpose), from)) {
        const day = todayInJapan(n.firstAt);
        anomalies.push({
          kind: AccessAnomalyKind.NEW_PURPOSE,
          actor: actor(n.row),
          day,
          ...reasons({
            kind: AccessAnomalyKind.NEW_PURPOSE,
            entries: n.row.reads + n.row.exports + n.row.provisions,
            purposeCode: n.row.purpose_code ?? '',
          }),
          entries: n.row.reads + n.row.exports + n.row.provisions,
          ...dayRange(day),
          firstSeq: Number(n.row.first_seq),
          lastSeq: Number(n.row.last_seq),
        });
      }
      anomalies.sort((a, b) => a.firstSeq - b.firstSeq || a.kind.localeCompare(b.kind));
      const counts = (r: Row): AccessCountsModel => ({
        reads: r.reads,
        exports: r.exports,
        provisions: r.provisions,
        denials: r.denials,
      });
      const byDay = of(SET.day)
        .map((r) => ({ day: r.day ?? '', ...counts(r) }))
        .sort((a, b) => a.day.localeCompare(b.day));
      const totals = byDay.reduce(
        (sum, d) => ({
          reads: sum.reads + d.reads,
          exports: sum.exports + d.exports,
          provisions: sum.provisions + d.provisions,
          denials: sum.denials + d.denials,
        }),
        { reads: 0, exports: 0, provisions: 0, denials: 0 },
      );
      // Who did what is metadata about the staff and, through the categories, about persons.
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'AccessReport',
        details: {
          from: from.toISOString(),
          to: to.toISOString(),
          treeSize: basis.treeSize,
          anomalies: anomalies.length,
        },
      });
      const report: AccessReportModel = {
        from,
        to,
        basis: { treeSize: basis.treeSize, rootHash: basis.rootHash, signedAt: basis.signedAt },
        totals,
        // In a stable order (GROUPING SETS returns its groups in none): actor, then code.
        byActorCategory: of(SET.actorCategory)
          .sort(
            (a, b) =>
              (a.actor_id ?? '').localeCompare(b.actor_id ?? '') ||
              (a.category_code ?? '').localeCompare(b.category_code ?? ''),
          )
          .map((r) => ({
            actor: actor(r),
            categoryCode: r.category_code,
            categoryName: names.categories.get(r.category_code ?? '') ?? null,
            ...counts(r),
          })),
        byPurpose: of(SET.purpose)
          .sort((a, b) => (a.purpose_code ?? '').localeCompare(b.purpose_code ?? ''))
          .map((r) => ({
            purposeCode: r.purpose_code,
            purposeName: names.purposes.get(r.purpose_code ?? '') ?? null,
            ...counts(r),
          })),
        byDay,
        anomalies,
      };
      return { report, stamp: basis, names };
    });
  }

  /**
   * Per actor and day, the entries naming a person after that person was erased: from the erased
   * persons to their entries (ledger_entries_subject_idx), not the other way round.
   */
  private async onErased(
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
  private async actors(tx: RequestContext, rows: Row[]): Promise<Map<string, AccessActorModel>> {
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
   * acted before it (a new account has no habits to depart from). Walks each actor's earlier
   * entries backwards on ledger_entries_actor_idx and stops at the first use.
   */
  private async newPurposes(tx: RequestContext, pairs: Row[], from: Date) {
    // A purpose is used by touching data for it; refusals show as repeated denials instead.
    const used = pairs.filter(
      (p) =>
        p.purpose_code !== null && p.actor_id !== null && p.reads + p.exports + p.provisions > 0,
    );
    if (used.length === 0) return [];
    const fresh = await tx.manager.query<{ i: number; first_at: Date }[]>(
      `SELECT p.i, f.recorded_at AS first_at
         FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS p(actor_id, purpose_code, first_seq, i)
         JOIN ledger_entries f ON f.seq = p.first_seq
        WHERE EXISTS (SELECT 1 FROM ledger_entries h WHERE h.actor_id = p.actor_id AND h.seq < p.first_seq
                         AND h.recorded_at < $4)
          AND NOT EXISTS (SELECT 1 FROM ledger_entries h WHERE h.actor_id = p.actor_id
                            AND h.seq < p.first_seq AND h.purpose_code = p.purpose_code)`,
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
}
