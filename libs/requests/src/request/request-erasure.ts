import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { lockSubjectsShared, RecordWriter, SubjectService } from '@daicho/holdings';
import { ConflictError } from '@daicho/platform';
import type { RequestRow } from './request-row';
import { retainedRecords } from './retained-records';
import { answeredRecords, type Withholding } from './request-withholding';

/** A person gained a record that stays between the plan and the erasure's lock. */
class KeptMeanwhile extends Error {}

/** What erasing one person for a request comes to, read under the person's lock. */
interface ErasurePlan {
  erased: boolean;
  /** The company's own records about them (disclosure targets) that the request erases. */
  retained: string[];
  /**
   * Their other active records: a client's entrusted data, which the client decides about, and
   * records in categories a PARTIAL decision keeps.
   */
  kept: number;
}

/**
 * Erasure for a request (APPI art. 35(1)), person by person, each committed and journalled on
 * its own (SubjectService.erase). Only the company's retained data is erased: a person who is
 * also in a client's entrusted data keeps those records, which go by the client's instruction
 * (policy §5), so only their retained records are disposed of, not their key. Categories a
 * PARTIAL decision declined to erase stay the same way.
 */
@Injectable()
export class RequestErasure {
  constructor(
    private readonly subjects: SubjectService,
    private readonly writer: RecordWriter,
  ) {}

  async erase(
    ctx: RequestContext,
    row: RequestRow,
    subjectIds: readonly string[],
    withheld: Withholding,
  ): Promise<void> {
    for (const subjectId of subjectIds) {
      const plan = await this.plan(ctx, subjectId, withheld);
      if (plan.erased) continue;
      if (plan.kept === 0) {
        await this.eraseWhole(ctx, row, subjectId, withheld);
      } else {
        for (const recordId of plan.retained) {
          await this.writer.disposeForRequest(ctx, recordId, row.id);
        }
      }
    }
  }

  private plan(
    ctx: RequestContext,
    subjectId: string,
    withheld: Withholding,
  ): Promise<ErasurePlan> {
    return ctx.transaction(async (tx) => {
      await lockSubjectsShared(tx, [subjectId]);
      return this.planLocked(tx, subjectId, withheld);
    });
  }

  /** The plan, read with the person's row already locked by the caller. */
  private async planLocked(
    tx: RequestContext,
    subjectId: string,
    withheld: Withholding,
  ): Promise<ErasurePlan> {
    const [subject] = await tx.manager.query<{ erased: boolean; active: number }[]>(
      `SELECT s.erased_at IS NOT NULL AS erased,
                (SELECT count(*)::int FROM personal_records p
                  WHERE p.subject_id = s.id AND p.status = 'ACTIVE') AS active
           FROM data_subjects s WHERE s.id = $1`,
      [subjectId],
    );
    if (!subject || subject.erased) return { erased: true, retained: [], kept: 0 };
    const retained = answeredRecords(await retainedRecords(tx, [subjectId]), withheld).map(
      (r) => r.id,
    );
    return { erased: false, retained, kept: subject.active - retained.length };
  }

  /**
   * Erases the person, checking again under the erasure's own exclusive lock that they hold no
   * record that stays (one added since the plan was read): then only their retained records go.
   * One erased meanwhile (a parallel retry of the same claim) is done.
   */
  private async eraseWhole(
    ctx: RequestContext,
    row: RequestRow,
    subjectId: string,
    withheld: Withholding,
  ) {
    try {
      await this.subjects.erase(ctx, subjectId, `request ${row.number}`, async (tx) => {
        const plan = await this.planLocked(tx, subjectId, withheld);
        if (plan.kept > 0) throw new KeptMeanwhile();
      });
    } catch (error) {
      if (error instanceof KeptMeanwhile) {
        for (const recordId of (await this.plan(ctx, subjectId, withheld)).retained)
          await this.writer.disposeForRequest(ctx, recordId, row.id);
        return;
      }
      if (
        !(error instanceof ConflictError) ||
        !(await this.plan(ctx, subjectId, withheld)).erased
      ) {
        throw error;
      }
    }
  }
}
