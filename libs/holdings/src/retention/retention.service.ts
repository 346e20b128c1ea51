import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { assertAllowed, RequestContext, SYSTEM_ACTOR } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  AuditTrail,
  decodeTimeCursor,
  DomainEventType,
  encodeCursor,
  LedgerAction,
  Outbox,
  pageOf,
  type Page,
} from '@daicho/platform';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { HoldingsKeys } from '../crypto/holdings-keys';
import { reindexSubject } from '../record/blind-index-upkeep';
import { PersonalRecordEntity } from '../record/personal-record.entity';
import { heldAmong } from '../subject/legal-holds';
import { dataKeyOf } from '../subject/subject-keys';
import { disposeOf } from './record-disposal';

export interface RetentionRun {
  due: number;
  disposed: number;
  dryRun: boolean;
  recordIds: string[];
  /** Records due but left alone: their person is on legal hold for an open request. */
  held: number;
}

/** Persons whose due records one batch disposes of (each batch commits on its own). */
const PERSONS_PER_BATCH = 200;
/** The most records a dry run lists (the CLI's preview, not the paged `retentionDue`). */
const LIST_LIMIT = 1000;

/**
 * Records of a person under an open request are on legal hold: the sweeper leaves them (and says
 * how many it left), so an answer is never cut short by a disposal (APPI arts. 33–35).
 */
const NOT_HELD =
  'NOT EXISTS (SELECT 1 FROM subject_legal_holds h WHERE h.subject_id = r.subject_id)';

/**
 * Carries out the retention rules: every active record whose due date has passed is disposed of
 * (crypto-shredded), each with a DISPOSE entry, in batches so a long backlog commits as it goes.
 * Looking at what is due is a READ of each record shown (it names the person and the category).
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly auditTrail: AuditTrail,
    private readonly logger: PinoLogger,
    private readonly outbox: Outbox,
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
  ) {
    logger.setContext('RetentionService');
  }

  /**
   * `retentionDue`: active records due within `withinDays` from `now` (0 = already due), soonest
   * first, a keyset page of (due time, id). The service re-checks the role (the guard is not the
   * only gate).
   */
  async dueWithin(
    ctx: RequestContext,
    withinDays: number,
    page: { first: number; after?: string },
    now = new Date(),
  ): Promise<Page<PersonalRecordEntity>> {
    await assertAllowed(ctx, 'read', 'Retention');
    const cursor = page.after ? decodeTimeCursor(page.after) : null;
    const until = new Date(now.getTime() + withinDays * 86_400_000);
    return ctx.transaction(async (tx) => {
      // retention_due_at is computed by the application (whole milliseconds), so the keyset is
      // on the bare column, as personal_records_due_idx has it.
      const query = this.dueQuery(tx, until).limit(page.first + 1);
      if (cursor)
        query.andWhere(
          '(r.retention_due_at, r.id) > (CAST(:at AS timestamptz), CAST(:id AS uuid))',
          cursor,
        );
      const due = pageOf(
        await query.getMany(),
        page.first,
        (r) => encodeCursor((r.retentionDueAt as Date).toISOString(), r.id),
        (r) => r,
      );
      await this.recordLook(
        tx,
        due.edges.map((e) => e.node),
        { view: 'RETENTION_DUE', withinDays },
      );
      return due;
    });
  }

  /**
   * A sweep (or, with `dryRun`, the list of what it would dispose of) as `ctx`'s actor: the
   * system's retention job by default, the operator for the CLI. A run that found records due
   * ends with one RETENTION_SWEEP entry; a dry run's list is a READ of each record listed.
   */
  async run(options: {
    dryRun: boolean;
    now?: Date;
    ctx?: RequestContext;
    onProgress?: (done: number, total: number) => void;
  }): Promise<RetentionRun> {
    const now = options.now ?? new Date();
    const ctx =
      options.ctx ??
      RequestContext.forActor(
        { ...SYSTEM_ACTOR, id: 'system:retention' },
        randomUUID(),
        this.dataSource,
        this.auditTrail,
      );
    const [{ n, held } = { n: 0, held: 0 }] = await this.dataSource.query<
      { n: number; held: number }[]
    >(
      `SELECT count(*) FILTER (WHERE ${NOT_HELD})::int AS n,
              count(*) FILTER (WHERE NOT ${NOT_HELD})::int AS held
         FROM personal_records r WHERE r.status = 'ACTIVE' AND r.retention_due_at <= $1`,
      [now],
    );
    if (options.dryRun) {
      const listed = await ctx.transaction(async (tx) => {
        const due = await this.dueBy(tx, now);
        await this.recordLook(tx, due, { view: 'RETENTION_DRY_RUN' });
        return due;
      });
      return { due: n, disposed: 0, dryRun: true, recordIds: listed.map((r) => r.id), held };
    }
    const disposedIds: string[] = [];
    let heldMeanwhile = 0;
    for (;;) {
      const batch = await ctx.transaction((tx) => this.disposeBatch(tx, now));
      disposedIds.push(...batch.disposed);
      heldMeanwhile += batch.held;
      options.onProgress?.(disposedIds.length, n);
      if (batch.persons < PERSONS_PER_BATCH) break;
    }
    // Records counted due whose person was held before the batch got to them are held ones.
    const found = { due: n - heldMeanwhile, held: held + heldMeanwhile };
    // A run that found something due says so once in the ledger (an idle run leaves no entry:
    // every start sweeps); integrations hear of every run, idle ones included (a missing one is news).
    await ctx.transaction(async (tx) => {
      if (n > 0 || disposedIds.length > 0 || held > 0)
        await this.ledger.append(tx, {
          action: LedgerAction.RETENTION_SWEEP,
          targetType: 'RetentionSweep',
          details: { due: found.due, disposed: disposedIds.length, held: found.held },
        });
      await this.outbox.publish(tx.manager, DomainEventType.RETENTION_RUN, {
        due: found.due,
        disposed: disposedIds.length,
        held: found.held,
      });
    });
    if (disposedIds.length)
      this.logger.info({ disposed: disposedIds.length }, 'retention run disposed records');
    return { ...found, disposed: disposedIds.length, dryRun: false, recordIds: disposedIds };
  }

  /**
   * One batch of persons with records due. Their rows are locked FOR UPDATE in id order before any
   * of their records (the lock order of every path: person, then records), and their holds read
   * again under that lock: a hold placed since the persons were picked was committed first and
   * is seen here, or waits for this batch (APPI arts. 33–35: never cut an open request short).
   * `persons` is how many were picked; `held`, the due records left for a hold seen only now.
   */
  private async disposeBatch(
    tx: RequestContext,
    now: Date,
  ): Promise<{ persons: number; disposed: string[]; held: number }> {
    const picked = await tx.manager.query<{ subject_id: string }[]>(
      `SELECT DISTINCT r.subject_id FROM personal_records r
        WHERE r.status = 'ACTIVE' AND r.retention_due_at <= $1 AND ${NOT_HELD}
        ORDER BY r.subject_id LIMIT $2`,
      [now, PERSONS_PER_BATCH],
    );
    const subjectIds = picked.map((p) => p.subject_id);
    if (subjectIds.length === 0) return { persons: 0, disposed: [], held: 0 };
    await tx.manager.query(
      `SELECT id FROM data_subjects WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [subjectIds],
    );
    const heldNow = await heldAmong(tx, subjectIds);
    const records = await tx.manager
      .createQueryBuilder(PersonalRecordEntity, 'r')
      .where(`r.status = 'ACTIVE' AND r.retention_due_at <= :now`, { now })
      .andWhere('r.subject_id IN (:...subjectIds)', { subjectIds })
      .orderBy('r.subject_id')
      .addOrderBy('r.id')
      .setLock('pessimistic_write')
      .getMany();
    const disposed: string[] = [];
    const touched = new Set<string>();
    for (const record of records) {
      if (heldNow.has(record.subjectId)) continue;
      // The reason is the kind (RETENTION, in the DISPOSE entry): no free text to keep.
      await disposeOf(tx, this.ledger, this.outbox, record, 'RETENTION', null);
      disposed.push(record.id);
      touched.add(record.subjectId);
    }
    // The shredded values' digests go with them (the persons are locked for update above).
    for (const subjectId of touched) {
      const subjectKey = await dataKeyOf(tx, this.keys, subjectId);
      await reindexSubject(tx, this.keys.indexKey, subjectId, subjectKey);
    }
    return { persons: subjectIds.length, disposed, held: records.length - disposed.length };
  }

  /** The dry run's list: what a sweep at `until` would dispose of (at most LIST_LIMIT). */
  private dueBy(tx: RequestContext, until: Date): Promise<PersonalRecordEntity[]> {
    return this.dueQuery(tx, until).limit(LIST_LIMIT).getMany();
  }

  /** Active records due by `until` whose person is not on hold, soonest first. */
  private dueQuery(tx: RequestContext, until: Date) {
    return tx.manager
      .createQueryBuilder(PersonalRecordEntity, 'r')
      .where(`r.status = 'ACTIVE' AND r.retention_due_at <= :until AND ${NOT_HELD}`, { until })
      .orderBy('r.retention_due_at')
      .addOrderBy('r.id');
  }

  /** One READ entry per record shown, so the person's footprint shows who looked (APPI art. 33). */
  private async recordLook(
    tx: RequestContext,
    records: PersonalRecordEntity[],
    details: Record<string, string | number>,
  ): Promise<void> {
    await this.ledger.appendMany(
      tx,
      records.map((r) => ({
        action: LedgerAction.READ,
        targetType: 'PersonalRecord',
        targetId: r.id,
        subjectId: r.subjectId,
        categoryCode: r.categoryCode,
        fields: ['retentionDueAt'],
        details,
      })),
    );
  }
}
