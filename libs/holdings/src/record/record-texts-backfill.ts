import { AuditTrail } from '@daicho/platform';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RequestContext, SYSTEM_ACTOR } from '@daicho/access';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { HoldingsKeys } from '../crypto/holdings-keys';
import { dataKeyOf, lockSubject } from '../subject/subject-keys';
import { sealStillClear } from './record-texts';

const SUBJECTS_PER_BATCH = 100;

/**
 * At every start (server and CLI), seals the free texts that rows written before free texts were sealed hold in
 * clear (source, consent reference, disposal reason) under their subject's key, and clears them:
 * the migration cannot, as it has no keys. Idempotent; a start with nothing clear does one query.
 */
@Injectable()
export class RecordTextsBackfill implements OnApplicationBootstrap {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('RecordTextsBackfill');
  }

  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.run();
    if (sealed > 0) this.logger.info({ records: sealed }, 'clear record texts sealed');
  }

  /** Returns how many records it sealed. */
  async run(): Promise<number> {
    const ctx = RequestContext.forActor(
      { ...SYSTEM_ACTOR, id: 'system:record-texts' },
      randomUUID(),
      this.dataSource,
      this.auditTrail,
    );
    let total = 0;
    for (;;) {
      const subjects = await this.dataSource.query<{ subject_id: string }[]>(
        `SELECT DISTINCT subject_id FROM personal_records
          WHERE source IS NOT NULL OR consent_ref IS NOT NULL OR disposal_reason IS NOT NULL
          ORDER BY subject_id LIMIT ${SUBJECTS_PER_BATCH}`,
      );
      if (subjects.length === 0) return total;
      total += await ctx.transaction(async (tx) => {
        let n = 0;
        for (const { subject_id: id } of subjects) {
          // Shared, like any change to the person's records: an erasure waits, or went first;
          // in id order, as the sweeper's batch locks them (no crosswise waits).
          const subject = await lockSubject(tx, id, 'shared');
          const key = subject && !subject.erasedAt ? await dataKeyOf(tx, this.keys, id) : null;
          n += await sealStillClear(tx, id, key);
        }
        return n;
      });
    }
  }
}
