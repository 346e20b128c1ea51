import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { CategoryService, RetentionTrigger, type DataCategoryEntity } from '@daicho/inventory';
import { Ledger } from '@daicho/ledger';
import { BadUserInputError, ConflictError, LedgerAction } from '@daicho/platform';
import { PersonalRecordEntity } from '../record/personal-record.entity';
import { RecordAccess } from '../record/record-access';
import { sentTexts, type RecordWithTexts } from '../record/record-texts';
import { retentionDue } from './retention-due';

/**
 * When a new record's retention starts: at collection for categories kept from collection, else
 * not yet (the event, e.g. END_OF_EMPLOYMENT, is recorded later with `recordEvent`).
 */
export function retentionStart(
  category: Pick<DataCategoryEntity, 'retentionTrigger' | 'retentionPeriod'>,
  collectedAt: Date,
): { retentionEventAt: Date | null; retentionDueAt: Date | null } {
  const eventAt = category.retentionTrigger === RetentionTrigger.COLLECTION ? collectedAt : null;
  return {
    retentionEventAt: eventAt,
    retentionDueAt: retentionDue(eventAt, category.retentionPeriod),
  };
}

/** The retention clock of a record: when it falls due, from the event its category runs from. */
@Injectable()
export class RetentionClock {
  constructor(
    private readonly ledger: Ledger,
    private readonly categories: CategoryService,
    private readonly access: RecordAccess,
  ) {}

  /**
   * Records the event a category's retention runs from (e.g. END_OF_EMPLOYMENT) and recomputes
   * the due date. Only the category's own trigger is accepted.
   */
  async recordEvent(
    ctx: RequestContext,
    id: string,
    event: RetentionTrigger,
    occurredAt: Date,
  ): Promise<RecordWithTexts> {
    return ctx.transaction(async (tx) => {
      const record = await this.access.forChange(tx, id, 'update');
      const category = await this.categories.get(tx, record.categoryCode);
      if (category.retentionTrigger !== event) {
        throw new BadUserInputError(
          `Retention of ${category.code} runs from ${category.retentionTrigger}, not ${event}.`,
          ['event'],
        );
      }
      if (record.status === 'DISPOSED')
        throw new ConflictError(`Record ${id} was already disposed of.`);
      // The clock runs from an event after collection, and once started it is not wound back:
      // an earlier date would shorten the retention and let the sweep shred the record as due,
      // with no reason given. Ending the keeping early is a disposal, with its reason.
      if (occurredAt < record.collectedAt)
        throw new BadUserInputError('occurredAt lies before the record was collected.', [
          'occurredAt',
        ]);
      if (record.retentionEventAt && occurredAt < record.retentionEventAt)
        throw new ConflictError(
          `The ${event} of record ${id} is recorded already, later than this; a record kept for less time is disposed of, with a reason (disposeRecord).`,
        );
      Object.assign(record, {
        retentionEventAt: occurredAt,
        retentionDueAt: retentionDue(occurredAt, category.retentionPeriod),
        version: record.version + 1,
        updatedAt: new Date(),
      });
      const saved = await tx.manager.save(PersonalRecordEntity, record);
      await this.ledger.append(tx, {
        action: LedgerAction.UPDATE,
        targetType: 'PersonalRecord',
        targetId: id,
        subjectId: record.subjectId,
        categoryCode: record.categoryCode,
        fields: ['retentionEventAt', 'retentionDueAt'],
        details: { event },
      });
      return { record: saved, texts: sentTexts() };
    });
  }
}
