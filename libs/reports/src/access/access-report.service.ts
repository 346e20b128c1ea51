import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { CheckpointStamps, Ledger, type CheckpointStampData } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  isBusinessDay,
  LedgerAction,
  plusDays,
  startOfDayInJapan,
  todayInJapan,
} from '@daicho/platform';
import { ROLLUP_LOCK } from './access-rollup';
import {
  actorNames,
  catalogNames,
  countAccess,
  erasedTouches,
  newPurposes,
  type CatalogNames,
} from './access-report-queries';
import { StoredSums } from './access-stored-sums';
import { SET, type AccessRow } from './access-sums';
import {
  AccessAnomalyKind,
  anomalyReason,
  dayAnomalies,
  type ActorDay,
  type DayAnomaly,
} from './access-anomalies';

const reasons = (
  a: Omit<DayAnomaly, 'actorId' | 'day'>,
  purposes: ReadonlyMap<string, { ja: string; en: string }>,
) => ({
  reason: anomalyReason(a, 'en', purposes),
  reasonJa: anomalyReason(a, 'ja', purposes),
});
import type {
  AccessActorModel,
  AccessAnomalyModel,
  AccessCountsModel,
  AccessReportModel,
} from './access-report.models';

/** The longest period one report covers: a year (the annual audit). */
const MAX_DAYS = 366;

/**
 * Who read what over a period — the CPO's and the auditor's access report (policy item 2,
 * supervision of those who handle personal data; JIS Q 15001 A.3.7): reads, exports, hand-offs
 * and refusals per actor × category, per purpose and per day, and the anomalies with their reasons.
 * Counted over the sealed ledger up to the latest signed checkpoint, which the report names:
 * whole days and other whole hours as the per-actor sums the rollup (AccessRollup) keeps up to
 * its mark, the partial hour at either edge and entries sealed after the mark from the entries
 * themselves (GROUPING SETS); nothing of the ledger is loaded into memory.
 */
@Injectable()
export class AccessReports {
  private readonly stored = new StoredSums();

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
    // The service decides too, whoever calls it (the GraphQL guard, the PDF, a CLI).
    await assertAllowed(ctx, 'read', 'AccessReport');
    if (to <= from) throw new BadUserInputError('to must lie after from.', ['to']);
    const firstDay = todayInJapan(from);
    const lastDay = todayInJapan(new Date(to.getTime() - 1));
    const closed: string[] = [];
    for (let day = firstDay, n = 0; day <= lastDay; day = plusDays(day, 1), n++) {
      if (n >= MAX_DAYS)
        throw new BadUserInputError(`A report covers at most ${MAX_DAYS} days.`, ['from']);
      if (!isBusinessDay(day)) closed.push(day);
    }
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
          `The access report's rollup claims entries up to ${mark}, beyond the signed ledger (${basis.treeSize}): it was altered. Run verifyLedger, report it as an incident, and rebuild the rollup (docs/deployment.md).`,
        );
      const rows = await countAccess(
        tx,
        { from, to, treeSize: basis.treeSize, closed, mark },
        this.stored,
      );
      const onErased = await erasedTouches(tx, from, to, basis.treeSize);
      const of = (set: number) => rows.filter((r) => r.g === set);
      const names = await catalogNames(tx);
      const actors = await actorNames(
        tx,
        rows.filter((r) => r.actor_id !== null),
      );
      const actor = (r: AccessRow): AccessActorModel =>
        actors.get(r.actor_id ?? '') ?? {
          id: r.actor_id ?? '',
          kind: r.actor_kind ?? '',
          role: r.actor_role,
          name: null,
        };
      // Per day once: a month's report shows an anomaly for many actors on the same days.
      const dayRanges = new Map<string, { from: Date; to: Date }>();
      const dayRange = (day: string) => {
        let range = dayRanges.get(day);
        if (!range) {
          range = {
            from: new Date(Math.max(from.getTime(), startOfDayInJapan(day).getTime())),
            to: new Date(Math.min(to.getTime(), startOfDayInJapan(plusDays(day, 1)).getTime())),
          };
          dayRanges.set(day, range);
        }
        return { from: range.from, to: range.to };
      };
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
          ...reasons(a, names.purposes),
          entries: a.entries,
          ...dayRange(a.day),
          firstSeq: Number(r?.first_seq ?? 0),
          lastSeq: Number(r?.last_seq ?? 0),
        };
      });
      for (const n of await newPurposes(tx, of(SET.actorPurpose), from)) {
        const day = todayInJapan(n.firstAt);
        anomalies.push({
          kind: AccessAnomalyKind.NEW_PURPOSE,
          actor: actor(n.row),
          day,
          ...reasons(
            {
              kind: AccessAnomalyKind.NEW_PURPOSE,
              entries: n.row.reads + n.row.exports + n.row.provisions,
              purposeCode: n.row.purpose_code ?? '',
            },
            names.purposes,
          ),
          entries: n.row.reads + n.row.exports + n.row.provisions,
          ...dayRange(day),
          firstSeq: Number(n.row.first_seq),
          lastSeq: Number(n.row.last_seq),
        });
      }
      anomalies.sort((a, b) => a.firstSeq - b.firstSeq || a.kind.localeCompare(b.kind));
      const counts = (r: AccessRow): AccessCountsModel => ({
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
}
