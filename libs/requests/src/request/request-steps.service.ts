import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { HoldingsKeys, SubjectMarks } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  calendarDate,
  ConflictError,
  LedgerAction,
  todayInJapan,
} from '@daicho/platform';
import {
  AUTHORITY_DOCUMENTS,
  IdentityCheckResult,
  IdentityCheckSubject,
  RequestStatus,
} from '../request-enums';
import type {
  RecordFeePaymentInput,
  RecordIdentityCheckInput,
  RequestMissingItemsInput,
} from './request.inputs';
import { requestToRun } from './request-access';
import { completenessOf } from './request-completeness';
import { REQUEST_PURPOSE } from './request-intake.service';
import { lacking, OPEN_FOR_STEPS, settle, type Completeness } from './request-progress';
import { MissingItem, saveRequest, type RequestRow } from './request-row';
import { sealRequestText } from './request-texts';

/**
 * The steps that make a request complete (policy "Procedures" §2–4): identity and agency
 * checks, the fee, and asking the requester for what is missing. Each step locks the request,
 * settles its status (pausing or resuming the internal clock) and writes its ledger entries.
 */
@Injectable()
export class RequestSteps {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly marks: SubjectMarks,
  ) {}

  async recordIdentityCheck(ctx: RequestContext, id: string, input: RecordIdentityCheckInput) {
    return ctx.transaction(async (tx) => {
      const row = await this.openRequest(tx, id, 'check identity on');
      const agent = input.subject === IdentityCheckSubject.AGENT;
      if (agent && !row.agent_kind) {
        throw new BadUserInputError('subject is AGENT, but no agent acts in this request.', [
          'subject',
        ]);
      }
      if (!agent && input.authorityDocument) {
        throw new BadUserInputError('authorityDocument is for an agent’s check only.', [
          'authorityDocument',
        ]);
      }
      if (agent && row.agent_kind && input.result === IdentityCheckResult.CONFIRMED) {
        const accepted = AUTHORITY_DOCUMENTS[row.agent_kind];
        if (!input.authorityDocument || !accepted.includes(input.authorityDocument)) {
          throw new BadUserInputError(
            `authorityDocument must prove a ${row.agent_kind} agent's authority: one of ${accepted.join(', ')} (APPI art. 37).`,
            ['authorityDocument'],
          );
        }
      }
      const note = await sealRequestText(tx, this.keys, row, 'identityNote', input.note);
      await tx.manager.query(
        `INSERT INTO request_identity_checks (request_id, subject, document_type,
           domicile_blacked_out, authority_document, result, sealed_note, checked_by, checked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp())`,
        [
          id,
          input.subject,
          input.documentType,
          input.domicileBlackedOut,
          input.authorityDocument ?? null,
          input.result,
          note,
          tx.actor.id ?? tx.actor.kind,
        ],
      );
      await this.entry(tx, row, LedgerAction.IDENTITY_CHECKED, {
        subject: input.subject,
        documentType: input.documentType,
        authorityDocument: input.authorityDocument ?? null,
        result: input.result,
      });
      const failed = input.result === IdentityCheckResult.NOT_CONFIRMED;
      const missing = !failed
        ? []
        : [agent ? MissingItem.AGENCY_DOCUMENT : MissingItem.IDENTITY_DOCUMENT];
      return this.settleAndSave(tx, row, await completenessOf(tx, row), missing);
    });
  }

  async recordFeePayment(ctx: RequestContext, id: string, input: RecordFeePaymentInput) {
    const receivedOn = calendarDate(input.receivedOn, 'receivedOn');
    return ctx.transaction(async (tx) => {
      const row = await this.openRequest(tx, id, 'record a fee on');
      // A fee is paid for a request made: never on a day before it arrived.
      if (receivedOn < todayInJapan(row.received_at))
        throw new BadUserInputError('receivedOn lies before the request arrived.', ['receivedOn']);
      if (!row.fee_required) {
        throw new BadUserInputError(
          `amount: a ${row.kind} request carries no fee (APPI art. 38; policy: only notification of purposes and disclosure).`,
          ['amount'],
        );
      }
      const owed = row.fee_amount - row.fee_paid;
      if (input.amount > owed) {
        throw new BadUserInputError(
          owed <= 0
            ? `amount: the fee of ${row.fee_amount} yen is already paid; return what was sent.`
            : `amount: ${input.amount} yen exceeds the ${owed} yen still owed (fee ${row.fee_amount} yen, ${row.fee_paid} paid): record ${owed} and return the rest.`,
          ['amount'],
        );
      }
      // The money order's number is the requester's: sealed like the request's other texts.
      const paymentId = randomUUID();
      const reference = await sealRequestText(
        tx,
        this.keys,
        row,
        'feeReference',
        input.reference,
        paymentId,
      );
      await tx.manager.query(
        `INSERT INTO request_fee_payments (id, request_id, amount, method, received_on,
           sealed_reference, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          paymentId,
          id,
          input.amount,
          input.method,
          receivedOn,
          reference,
          tx.actor.id ?? tx.actor.kind,
        ],
      );
      const paid = row.fee_paid + input.amount;
      await this.entry(tx, row, LedgerAction.FEE_RECEIVED, {
        amount: input.amount,
        paid,
        fee: row.fee_amount,
        method: input.method,
      });
      const short = paid < row.fee_amount ? [MissingItem.FEE] : [];
      return this.settleAndSave(tx, row, await completenessOf(tx, row, paid), short);
    });
  }

  async requestMissingItems(ctx: RequestContext, id: string, input: RequestMissingItemsInput) {
    return ctx.transaction(async (tx) => {
      const row = await this.openRequest(tx, id, 'ask for missing items on');
      const completeness = await completenessOf(tx, row);
      const notLacking = input.items.filter((item) => !lacking(completeness).includes(item));
      if (notLacking.length > 0) {
        throw new BadUserInputError(
          `items: ${notLacking.join(', ')} is not missing from this request.`,
          ['items'],
        );
      }
      return this.settleAndSave(tx, row, completeness, input.items);
    });
  }

  /** A request that can still take steps (not yet decided), locked. */
  async openRequest(tx: RequestContext, id: string, operation: string): Promise<RequestRow> {
    const row = await requestToRun(tx, id, operation);
    if (!OPEN_FOR_STEPS.includes(row.status)) {
      throw new ConflictError(`Request ${row.number} is ${row.status}: it takes no more steps.`);
    }
    return row;
  }

  /** Settles the status after a step, saves it, and records a change of status and any pause. */
  async settleAndSave(
    tx: RequestContext,
    row: RequestRow,
    completeness: Completeness,
    newlyMissing: readonly MissingItem[],
  ): Promise<RequestRow> {
    const settled = settle(row, completeness, newlyMissing, todayInJapan());
    await saveRequest(tx, row.id, settled.state);
    if (settled.state.status === RequestStatus.INCOMPLETE && row.paused_on === null) {
      await tx.manager.query(
        `INSERT INTO request_pauses (request_id, missing, paused_on) VALUES ($1, $2, $3)`,
        [row.id, settled.state.missing, settled.state.paused_on],
      );
    }
    if (settled.resumed) {
      await tx.manager.query(
        `UPDATE request_pauses SET resumed_on = $2, business_days = $3
          WHERE request_id = $1 AND resumed_on IS NULL`,
        [row.id, settled.resumed.resumedOn, settled.resumed.businessDays],
      );
    }
    if (settled.changed || settled.resumed) {
      const action =
        settled.state.status === RequestStatus.INCOMPLETE
          ? LedgerAction.REQUEST_INCOMPLETE
          : settled.state.status === RequestStatus.IN_PROGRESS
            ? LedgerAction.REQUEST_IN_PROGRESS
            : null;
      if (action) {
        await this.entry(tx, row, action, {
          missing: settled.state.missing,
          dueOn: settled.state.due_on,
          pausedBusinessDays: settled.resumed?.businessDays ?? null,
        });
      }
    }
    return { ...row, ...settled.state };
  }

  /** A ledger entry about the request: its id, the requester's pseudonymous id, codes only. */
  entry(
    tx: RequestContext,
    row: RequestRow,
    action: LedgerAction,
    details: Record<string, string | number | boolean | null | readonly string[]>,
  ) {
    return this.ledger.append(tx, {
      action,
      targetType: 'DataSubjectRequest',
      targetId: row.id,
      subjectId: row.requester_subject_id,
      purposeCode: REQUEST_PURPOSE,
      details: { kind: row.kind, ...details },
    });
  }

  /** Holds the matched persons' records from disposal while the request is open. */
  hold(tx: RequestContext, subjectIds: readonly string[], row: RequestRow) {
    return this.marks.hold(tx, subjectIds, { kind: 'REQUEST', id: row.id });
  }
}
