import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { HoldingsKeys, RetentionClock, SubjectMarks } from '@daicho/holdings';
import { RetentionTrigger } from '@daicho/inventory';
import {
  BadUserInputError,
  calendarDate,
  ConflictError,
  DomainEventType,
  LedgerAction,
  Outbox,
  todayInJapan,
} from '@daicho/platform';
import { RefusalGround, RequestOutcome, RequestStatus } from '../request-enums';
import type { DecideRequestInput, RespondToRequestInput } from './request.inputs';
import { requestToRun } from './request-access';
import { completenessOf } from './request-completeness';
import { lacking, OPEN_FOR_STEPS } from './request-progress';
import { saveRequest, type RequestRow } from './request-row';
import { RequestSteps } from './request-steps.service';
import { sealRequestText } from './request-texts';
import { earlierExemptions, refuseUncarriedExemptions } from './earlier-exemptions';
import {
  checkWithholdingAgainstCatalog,
  problemWithWithholding,
  withholdingOf,
} from './request-withholding';

/** The grounds a decision gives must fit its outcome (APPI art. 36: a refusal gives reasons). */
export function problemWithGrounds(input: DecideRequestInput): string | null {
  const hasGrounds = input.grounds.length > 0;
  if (input.outcome === RequestOutcome.COMPLY && hasGrounds)
    return 'grounds are for a PARTIAL or REFUSE decision; a COMPLY gives none.';
  if (input.outcome !== RequestOutcome.COMPLY && !hasGrounds)
    return `grounds: a ${input.outcome} decision must give its reasons (APPI art. 36).`;
  if (new Set(input.grounds).size !== input.grounds.length) return 'grounds names a ground twice.';
  if (input.exemption && !input.grounds.includes(RefusalGround.NOT_DISCLOSURE_TARGET))
    return 'exemption applies to NOT_DISCLOSURE_TARGET: give that ground with it.';
  return null;
}

/** Deciding, answering and closing a request. */
@Injectable()
export class RequestDecisions {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly steps: RequestSteps,
    private readonly marks: SubjectMarks,
    private readonly retention: RetentionClock,
    private readonly outbox: Outbox,
  ) {}

  async decide(ctx: RequestContext, id: string, input: DecideRequestInput): Promise<RequestRow> {
    const problem = problemWithGrounds(input);
    if (problem) {
      throw new BadUserInputError(problem, [
        problem.startsWith('exemption') ? 'exemption' : 'grounds',
      ]);
    }
    return ctx.transaction(async (tx) => {
      const row = await requestToRun(tx, id, 'decide');
      if (!OPEN_FOR_STEPS.includes(row.status))
        throw new ConflictError(`Request ${row.number} was already decided.`);
      const partProblem = problemWithWithholding(row.kind, input);
      if (partProblem) throw new BadUserInputError(partProblem.message, [partProblem.field]);
      await checkWithholdingAgainstCatalog(tx, input);
      const withheld = withholdingOf(input);
      const earlier = await earlierExemptions(tx, id);
      refuseUncarriedExemptions(row.kind, input, withheld, earlier);
      // Recorded only where there was something to lift, and never on a refusal (it answers nothing).
      const lifted =
        input.liftEarlierExemptions && input.outcome !== RequestOutcome.REFUSE
          ? earlier.requestIds
          : [];
      if (input.outcome !== RequestOutcome.REFUSE && row.status !== RequestStatus.IN_PROGRESS) {
        const still = lacking(await completenessOf(tx, row));
        throw new BadUserInputError(
          `outcome: a request is complied with only once identity${row.agent_kind ? ', agency' : ''} and any fee are confirmed; still lacking: ${still.join(', ') || 'a confirmed identity check'}.`,
          ['outcome'],
        );
      }
      const note = await sealRequestText(tx, this.keys, row, 'decisionNote', input.note);
      await tx.manager.query(
        `INSERT INTO request_decisions (request_id, outcome, grounds, exemption, sealed_note, decided_by,
           withheld_categories, withheld_items, measure, lifted_exemptions_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          input.outcome,
          input.grounds,
          input.exemption ?? null,
          note,
          tx.actor.id ?? tx.actor.kind,
          withheld.categoryCodes,
          withheld.items,
          input.measure ?? null,
          lifted,
        ],
      );
      // A refusal while waiting for the requester ends the pause that day.
      if (row.paused_on) {
        await tx.manager.query(
          `UPDATE request_pauses SET resumed_on = $2, business_days = 0
            WHERE request_id = $1 AND resumed_on IS NULL`,
          [id, todayInJapan()],
        );
      }
      const state = { ...row, status: RequestStatus.DECIDED, paused_on: null, missing: [] };
      await saveRequest(tx, id, state);
      await this.steps.entry(tx, row, LedgerAction.REQUEST_DECIDED, {
        outcome: input.outcome,
        grounds: input.grounds,
        exemption: input.exemption ?? null,
        // Catalog codes checked against the management ledger above: no text from outside.
        withheldCategories: withheld.categoryCodes,
        withheldItems: withheld.items,
        measure: input.measure ?? null,
        // Request numbers the system gave: an exemption lifted is on the record.
        ...(lifted.length > 0 ? { liftedExemptionsOf: earlier.numbers } : {}),
      });
      await this.outbox.publish(tx.manager, DomainEventType.REQUEST_DECIDED, {
        requestId: id,
        number: row.number,
        kind: row.kind,
        outcome: input.outcome,
      });
      return state;
    });
  }

  async respond(
    ctx: RequestContext,
    id: string,
    input: RespondToRequestInput,
  ): Promise<RequestRow> {
    const sentOn = calendarDate(input.sentOn, 'sentOn');
    return ctx.transaction(async (tx) => {
      const row = await requestToRun(tx, id, 'respond to');
      if (row.status !== RequestStatus.DECIDED)
        throw new ConflictError(
          `Request ${row.number} is ${row.status}: only a decided request is answered.`,
        );
      const [decision] = await tx.manager.query<
        { outcome: RequestOutcome; executed: boolean; last_step_at: Date }[]
      >(
        `SELECT d.outcome, EXISTS (SELECT 1 FROM request_executions e WHERE e.request_id = d.request_id) AS executed,
                greatest(d.decided_at, (SELECT max(e.executed_at) FROM request_executions e
                                          WHERE e.request_id = d.request_id)) AS last_step_at
           FROM request_decisions d WHERE d.request_id = $1`,
        [id],
      );
      if (decision && decision.outcome !== RequestOutcome.REFUSE && !decision.executed) {
        throw new BadUserInputError(
          `Request ${row.number} was decided ${decision.outcome} but not carried out: executeRequest first.`,
          ['requestId'],
        );
      }
      if (sentOn < todayInJapan(row.received_at))
        throw new BadUserInputError('sentOn lies before the request arrived.', ['sentOn']);
      // An answer is sent after it was decided and carried out (Japan's day): dated earlier, an
      // overdue request would read as answered in time.
      if (decision && sentOn < todayInJapan(decision.last_step_at))
        throw new BadUserInputError(
          'sentOn lies before the request was decided or carried out; give the day the answer was sent.',
          ['sentOn'],
        );
      await tx.manager.query(
        `INSERT INTO request_responses (request_id, sent_on, method, recorded_by) VALUES ($1, $2, $3, $4)`,
        [id, sentOn, input.method, tx.actor.id ?? tx.actor.kind],
      );
      const state = { ...row, status: RequestStatus.RESPONDED };
      await saveRequest(tx, id, state);
      await this.steps.entry(tx, row, LedgerAction.REQUEST_RESPONDED, {
        method: input.method,
        sentOn,
      });
      return state;
    });
  }

  /**
   * Closes an answered request: the legal holds on its persons end, and the requester's own
   * record starts its retention (3 years after closure; the sweeper then disposes of it).
   */
  async close(ctx: RequestContext, id: string): Promise<RequestRow> {
    return ctx.transaction(async (tx) => {
      const row = await requestToRun(tx, id, 'close');
      if (row.status !== RequestStatus.RESPONDED)
        throw new ConflictError(
          `Request ${row.number} is ${row.status}: only an answered request is closed.`,
        );
      const closedAt = new Date();
      const state = { ...row, status: RequestStatus.CLOSED, closed_at: closedAt };
      await saveRequest(tx, id, state);
      const lifted = await this.marks.release(tx, { kind: 'REQUEST', id });
      await this.retention.recordEvent(
        tx,
        row.requester_record_id,
        RetentionTrigger.PURPOSE_ACHIEVED,
        closedAt,
      );
      await this.steps.entry(tx, row, LedgerAction.REQUEST_CLOSED, { holdsLifted: lifted });
      return state;
    });
  }
}
