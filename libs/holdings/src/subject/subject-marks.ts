import { Injectable } from '@nestjs/common';
import { registerEnumType } from '@nestjs/graphql';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { Ledger, type LedgerDetails } from '@daicho/ledger';
import {
  ConflictError,
  DomainEventType,
  LedgerAction,
  NotFoundError,
  Outbox,
} from '@daicho/platform';
import { DataSubjectEntity } from './data-subject.entity';
import { lockSubject, lockSubjectsShared, subjectErased } from './subject-keys';

/** A mark a person's request leaves on their data. */
export enum SubjectMark {
  USE_SUSPENDED = 'USE_SUSPENDED',
  PROVISION_STOPPED = 'PROVISION_STOPPED',
}
registerEnumType(SubjectMark, { name: 'SubjectMark' });

/** What a suspension of use (APPI art. 35) leaves open: the person's request, an incident. */
export const SUSPENSION_EXEMPT: ReadonlySet<string> = new Set([
  'DATA_SUBJECT_REQUEST',
  'INCIDENT_RESPONSE',
]);

/** What a legal hold is for: an open request from the person, or an open incident. */
export interface HoldFor {
  kind: 'REQUEST' | 'INCIDENT';
  id: string;
}

/** A hold's entry names what it is for, under that work's purpose. */
const holdEntry = (heldFor: HoldFor): { purposeCode: string; details: LedgerDetails } =>
  heldFor.kind === 'REQUEST'
    ? { purposeCode: 'DATA_SUBJECT_REQUEST', details: { request: heldFor.id } }
    : { purposeCode: 'INCIDENT_RESPONSE', details: { incident: heldFor.id } };

/** Why a mark ends: the person withdrew their request, or its grounds ceased (art. 35(2), (4)). */
export enum SubjectMarkLiftReason {
  WITHDRAWN_BY_PERSON = 'WITHDRAWN_BY_PERSON',
  GROUNDS_CEASED = 'GROUNDS_CEASED',
}
registerEnumType(SubjectMarkLiftReason, { name: 'SubjectMarkLiftReason' });

const COLUMN: Record<SubjectMark, 'useSuspendedAt' | 'provisionStoppedAt'> = {
  USE_SUSPENDED: 'useSuspendedAt',
  PROVISION_STOPPED: 'provisionStoppedAt',
};
const ACTION: Record<SubjectMark, LedgerAction> = {
  USE_SUSPENDED: LedgerAction.USE_SUSPENDED,
  PROVISION_STOPPED: LedgerAction.PROVISION_STOPPED,
};
const EVENT: Record<SubjectMark, DomainEventType> = {
  USE_SUSPENDED: DomainEventType.SUBJECT_USE_SUSPENDED,
  PROVISION_STOPPED: DomainEventType.SUBJECT_PROVISION_STOPPED,
};

/**
 * What a person's request does to their data without erasing it: suspension of use (APPI art.
 * 35(1): business reads refused) and suspension of provision (art. 35(3): hand-offs refused), and
 * legal holds that keep disposal and erasure away while a request about them is open. Each
 * change is a ledger entry naming what it was done for (the request's id).
 */
@Injectable()
export class SubjectMarks {
  constructor(
    private readonly ledger: Ledger,
    private readonly outbox: Outbox,
  ) {}

  /** Sets a mark (idempotent: a mark already set keeps its first date). Locks the person. */
  async mark(
    ctx: RequestContext,
    subjectId: string,
    mark: SubjectMark,
    forRequest: string,
  ): Promise<Date> {
    await assertAllowed(ctx, 'update', 'DataSubject');
    return ctx.transaction(async (tx) => {
      const subject = await lockSubject(tx, subjectId, 'exclusive');
      if (!subject) throw new NotFoundError(`There is no data subject ${subjectId}.`);
      if (subject.erasedAt) throw subjectErased(subjectId);
      const column = COLUMN[mark];
      const since = subject[column] ?? new Date();
      if (!subject[column]) {
        await tx.manager.update(DataSubjectEntity, { id: subjectId }, { [column]: since });
      }
      await this.ledger.append(tx, {
        action: ACTION[mark],
        targetType: 'DataSubject',
        targetId: subjectId,
        subjectId,
        purposeCode: 'DATA_SUBJECT_REQUEST',
        details: { request: forRequest, already: subject[column] !== null },
      });
      // Integrations hear of the mark once, when it is set (their systems must stop too).
      if (!subject[column])
        await this.outbox.publish(tx.manager, EVENT[mark], {
          subjectId,
          requestId: forRequest,
          since: since.toISOString(),
        });
      return since;
    });
  }

  /**
   * Lifts a mark (the person withdrew the request, or the grounds of APPI art. 35 ceased): from
   * then on business reads or hand-offs go as before. `reason` is a code, never free text.
   */
  async lift(
    ctx: RequestContext,
    subjectId: string,
    mark: SubjectMark,
    reason: SubjectMarkLiftReason,
  ): Promise<void> {
    await assertAllowed(ctx, 'update', 'DataSubject');
    await ctx.transaction(async (tx) => {
      const subject = await lockSubject(tx, subjectId, 'exclusive');
      const column = COLUMN[mark];
      if (!subject || !subject[column]) {
        throw new NotFoundError(`Data subject ${subjectId} has no ${mark} mark to lift.`);
      }
      await tx.manager.update(DataSubjectEntity, { id: subjectId }, { [column]: null });
      await this.ledger.append(tx, {
        action: LedgerAction.SUBJECT_MARK_LIFTED,
        targetType: 'DataSubject',
        targetId: subjectId,
        subjectId,
        purposeCode: 'DATA_SUBJECT_REQUEST',
        details: { mark, reason },
      });
    });
  }

  /**
   * Holds the persons' records from disposal and erasure for `heldFor` (an open request, APPI
   * arts. 33–35; an open incident, art. 26). Their rows are locked shared, in id order, first: a disposal, sweep or erasure
   * in flight (exclusive) finishes before and is seen here, or waits for the hold and is refused
   * by it. Seen here: an erased person, or one whose records were all disposed of, is refused.
   */
  async hold(ctx: RequestContext, subjectIds: readonly string[], heldFor: HoldFor): Promise<void> {
    await assertAllowed(ctx, 'update', 'DataSubject');
    if (subjectIds.length === 0) return;
    await ctx.transaction(async (tx) => {
      await lockSubjectsShared(tx, subjectIds);
      // Read after the lock, in a statement of its own: it sees what committed while it waited.
      const persons = await tx.manager.query<{ id: string; erased: boolean; active: boolean }[]>(
        `SELECT s.id, s.erased_at IS NOT NULL AS erased,
                EXISTS (SELECT 1 FROM personal_records r
                         WHERE r.subject_id = s.id AND r.status = 'ACTIVE') AS active
           FROM data_subjects s WHERE s.id = ANY($1::uuid[])`,
        [subjectIds],
      );
      for (const subjectId of subjectIds) {
        const person = persons.find((s) => s.id === subjectId);
        if (!person) throw new NotFoundError(`There is no data subject ${subjectId}.`);
        if (person.erased) throw subjectErased(subjectId);
        if (!person.active)
          throw new ConflictError(
            `Data subject ${subjectId} has no active record left to hold (disposed of meanwhile); nothing was held.`,
          );
      }
      const placed = await tx.manager.query<{ subject_id: string }[]>(
        `INSERT INTO subject_legal_holds (subject_id, held_for)
         SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING RETURNING subject_id`,
        [subjectIds, heldFor.id],
      );
      await this.ledger.appendMany(
        tx,
        placed.map(({ subject_id: subjectId }) => ({
          action: LedgerAction.LEGAL_HOLD,
          targetType: 'DataSubject',
          targetId: subjectId,
          subjectId,
          ...holdEntry(heldFor),
        })),
      );
    });
  }

  /** Lifts every hold placed for `heldFor`. */
  async release(ctx: RequestContext, heldFor: HoldFor): Promise<number> {
    await assertAllowed(ctx, 'update', 'DataSubject');
    return ctx.transaction(async (tx) => {
      const lifted = await tx.manager.query<{ subject_id: string }[]>(
        `DELETE FROM subject_legal_holds WHERE held_for = $1 RETURNING subject_id`,
        [heldFor.id],
      );
      await this.ledger.appendMany(
        tx,
        lifted.map(({ subject_id: subjectId }) => ({
          action: LedgerAction.LEGAL_HOLD_LIFTED,
          targetType: 'DataSubject',
          targetId: subjectId,
          subjectId,
          ...holdEntry(heldFor),
        })),
      );
      return lifted.length;
    });
  }
}
