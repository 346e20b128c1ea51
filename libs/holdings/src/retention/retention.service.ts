import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestContext, SYSTEM_ACTOR } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { PersonalRecordEntity } from '../record/personal-record.entity';
import { disposeOf } from './record-disposal';

export interface RetentionRun {
  due: number;
  disposed: number;
  dryRun: boolean;
  recordIds: string[];
}

const BATCH = 200;

/**
 * Carries out the retention rules: every active record whose due date has passed is disposed of
 * (crypto-shredded), each with a DISPOSE entry, in batches so a long backlog commits as it goes.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('RetentionService');
  }

  /** Active records due within `withinDays` from `now` (0 = already due), soonest first. */
  dueWithin(
    ctx: RequestContext,
    withinDays: number,
    now = new Date(),
  ): Promise<PersonalRecordEntity[]> {
    return ctx.manager
      .createQueryBuilder(PersonalRecordEntity, 'r')
      .where(`r.status = 'ACTIVE' AND r.retention_due_at <= :until`, {
        until: new Date(now.getTime() + withinDays * 86_400_000),
      })
      .orderBy('r.retention_due_at')
      .addOrderBy('r.id')
      .limit(1000)
      .getMany();
  }

  async run(options: {
    dryRun: boolean;
    now?: Date;
    onProgress?: (done: number, total: number) => void;
  }): Promise<RetentionRun> {
    const now = options.now ?? new Date();
    const ctx = RequestContext.forActor(
      { ...SYSTEM_ACTOR, id: 'system:retention' },
      randomUUID(),
      this.dataSource,
    );
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM personal_records WHERE status = 'ACTIVE' AND retention_due_at <= $1`,
      [now],
    );
    if (options.dryRun) {
      const ids = (await this.dueWithin(ctx, 0, now)).map((r) => r.id);
      return { due: n, disposed: 0, dryRun: true, recordIds: ids };
    }
    const disposedIds: string[] = [];
    for (;;) {
      const batch = await ctx.transaction(async (tx) => {
        const records = await tx.manager
          .createQueryBuilder(PersonalRecordEntity, 'r')
          .where(`r.status = 'ACTIVE' AND r.retention_due_at <= :now`, { now })
          .orderBy('r.retention_due_at')
          .limit(BATCH)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        for (const record of records) {
          // The reason is the kind (RETENTION, in the DISPOSE entry): no free text to keep.
          await disposeOf(tx, this.ledger, record, 'RETENTION', null);
        }
        return records.map((r) => r.id);
      });
      disposedIds.push(...batch);
      options.onProgress?.(disposedIds.length, n);
      if (batch.length < BATCH) break;
    }
    if (disposedIds.length)
      this.logger.info({ disposed: disposedIds.length }, 'retention run disposed records');
    return { due: n, disposed: disposedIds.length, dryRun: false, recordIds: disposedIds };
  }
}
