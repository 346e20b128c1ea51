import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { HoldingsKeys, RetentionClock } from '@daicho/holdings';
import { RetentionTrigger } from '@daicho/inventory';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  calendarDate,
  ConflictError,
  LedgerAction,
  returnedRow,
  todayInJapan,
} from '@daicho/platform';
import { ComplaintAction, ComplaintOutcome, ComplaintStatus } from './complaint-enums';
import type { CloseComplaintInput, RecordComplaintStepInput } from './complaint.inputs';
import { complaintToRun } from './complaint-access';
import {
  COMPLAINANT_CATEGORY,
  COMPLAINT_PURPOSE,
  COMPLAINT_SELECT,
  type ComplaintRow,
} from './complaint-row';
import { sealComplaintText } from './complaint-texts';

/**
 * Answering a complaint (APPI art. 40; policy §8): its response steps, the referral to JIPDEC's
 * counselling office, and closing it with its outcome. Each locks the complaint first; notes are
 * sealed under the complainant's record key; the ledger gets codes and dates only.
 */
@Injectable()
export class ComplaintSteps {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly retention: RetentionClock,
  ) {}

  async recordStep(
    ctx: RequestContext,
    id: string,
    input: RecordComplaintStepInput,
  ): Promise<ComplaintRow> {
    const actedOn = calendarDate(input.actedOn, 'actedOn');
    return ctx.transaction(async (tx) => {
      const row = await this.openComplaint(tx, id, 'record a step on');
      if (actedOn < todayInJapan(row.received_at))
        throw new BadUserInputError(`actedOn lies before complaint ${row.number} arrived.`, [
          'actedOn',
        ]);
      const referral = input.action === ComplaintAction.REFERRED_TO_JIPDEC;
      if (referral && row.referred_to_jipdec_on)
        throw new ConflictError(
          `Complaint ${row.number} was already referred to JIPDEC on ${row.referred_to_jipdec_on}.`,
        );
      const stepId = randomUUID();
      const note = await sealComplaintText(tx, this.keys, row, 'stepNote', input.note, stepId);
      await tx.manager.query(
        `INSERT INTO complaint_steps (id, complaint_id, action, acted_on, sealed_note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [stepId, row.id, input.action, actedOn, note, tx.actor.id ?? tx.actor.kind],
      );
      const [saved] = await tx.manager.query<[ComplaintRow[], number]>(
        `UPDATE complaints c SET status = $2,
                referred_to_jipdec_on = COALESCE(c.referred_to_jipdec_on, $3::date),
                updated_at = now(), version = c.version + 1
          WHERE c.id = $1 RETURNING ${COMPLAINT_SELECT}`,
        [row.id, ComplaintStatus.IN_PROGRESS, referral ? actedOn : null],
      );
      await this.entry(tx, row, LedgerAction.COMPLAINT_STEP, { action: input.action, actedOn });
      return returnedRow(saved, 'complaint step');
    });
  }

  /**
   * Closes a complaint with its outcome; the complainant's record then starts its retention
   * (3 years after closure, PURPOSE_ACHIEVED; the sweeper disposes of it, notes and all).
   */
  async close(ctx: RequestContext, id: string, input: CloseComplaintInput): Promise<ComplaintRow> {
    return ctx.transaction(async (tx) => {
      const row = await this.openComplaint(tx, id, 'close');
      if (input.outcome === ComplaintOutcome.REFERRED && !row.referred_to_jipdec_on)
        throw new BadUserInputError(
          `outcome: complaint ${row.number} was not referred to JIPDEC; record a REFERRED_TO_JIPDEC step first.`,
          ['outcome'],
        );
      // The complainant may have had their data erased meanwhile (APPI art. 35): the complaint
      // still closes, with nothing more kept about them and no retention left to start.
      const [held] = await tx.manager.query<{ active: boolean }[]>(
        `SELECT p.status = 'ACTIVE' AND s.erased_at IS NULL AS active
           FROM personal_records p JOIN data_subjects s ON s.id = p.subject_id WHERE p.id = $1`,
        [row.complainant_record_id],
      );
      const recordHeld = held?.active === true;
      if (!recordHeld && input.note !== undefined)
        throw new BadUserInputError(
          "note: the complainant's data is gone (erased or disposed of); close without a note.",
          ['note'],
        );
      const note = recordHeld
        ? await sealComplaintText(tx, this.keys, row, 'outcomeNote', input.note)
        : null;
      const closedAt = new Date();
      const [saved] = await tx.manager.query<[ComplaintRow[], number]>(
        `UPDATE complaints c SET status = $2, outcome = $3, sealed_outcome_note = $4,
                closed_at = $5, updated_at = now(), version = c.version + 1
          WHERE c.id = $1 RETURNING ${COMPLAINT_SELECT}`,
        [row.id, ComplaintStatus.CLOSED, input.outcome, note, closedAt],
      );
      if (recordHeld) {
        await this.retention.recordEvent(
          tx,
          row.complainant_record_id,
          RetentionTrigger.PURPOSE_ACHIEVED,
          closedAt,
        );
      }
      await this.entry(tx, row, LedgerAction.COMPLAINT_CLOSED, {
        outcome: input.outcome,
        referredToJipdecOn: row.referred_to_jipdec_on,
      });
      return returnedRow(saved, 'complaint closure');
    });
  }

  /** The complaint, locked, for a step: a closed one takes none (CONFLICT). */
  private async openComplaint(tx: RequestContext, id: string, operation: string) {
    const row = await complaintToRun(tx, id, operation);
    if (row.status === ComplaintStatus.CLOSED)
      throw new ConflictError(`Complaint ${row.number} is closed: it takes no more steps.`);
    return row;
  }

  /** A ledger entry about the complaint: its number, codes and dates only, never free text. */
  private entry(
    tx: RequestContext,
    row: ComplaintRow,
    action: LedgerAction,
    details: Record<string, string | null>,
  ) {
    return this.ledger.append(tx, {
      action,
      targetType: 'Complaint',
      targetId: row.id,
      subjectId: row.complainant_subject_id,
      categoryCode: COMPLAINANT_CATEGORY,
      purposeCode: COMPLAINT_PURPOSE,
      details: { number: row.number, ...details },
    });
  }
}
