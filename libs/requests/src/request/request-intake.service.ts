import { Inject, Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { RecordWriter } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  AppConfig,
  BadUserInputError,
  DomainEventType,
  LedgerAction,
  Outbox,
  returnedRow,
  todayInJapan,
  nextYearlyNumber,
  isGiven,
} from '@daicho/platform';
import { isFeeCharged, RequestKind, RequestStatus } from '../request-enums';
import { requestDates } from './request-dates';
import type { ReceiveRequestInput } from './request.inputs';
import { REQUEST_SELECT, type RequestRow } from './request-row';

/** The catalog category the requesters' own data is kept in (sealed like every holding). */
export const REQUESTER_CATEGORY = 'REQUESTER';
export const REQUEST_PURPOSE = 'DATA_SUBJECT_REQUEST';

/**
 * Registers a request as it arrives (APPI arts. 32–35): the requester's and agent's data as a
 * REQUESTER record, the request number, and the three dates stored once: handling start, the
 * internal target and the art. 39 marker.
 */
@Injectable()
export class RequestIntake {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly records: RecordWriter,
    private readonly ledger: Ledger,
    private readonly outbox: Outbox,
  ) {}

  async receive(ctx: RequestContext, input: ReceiveRequestInput): Promise<RequestRow> {
    await assertAllowed(ctx, 'create', 'DataSubjectRequest');
    const isDisclosure = input.kind === RequestKind.DISCLOSURE;
    if (isDisclosure !== isGiven(input.disclosureMethod)) {
      throw new BadUserInputError(
        isDisclosure
          ? 'disclosureMethod is needed for a DISCLOSURE: WRITTEN or ELECTRONIC (APPI art. 33(1)).'
          : `disclosureMethod is only for a DISCLOSURE, not ${input.kind}.`,
        ['disclosureMethod'],
      );
    }
    return ctx.transaction(async (tx) => {
      const values = Object.entries({
        name: input.requester.name,
        address: input.requester.address,
        email: input.requester.email,
        phone: input.requester.phone,
        agentName: input.agent?.name,
        agentAddress: input.agent?.address,
        requestDetails: input.details,
        // null is no value: the item is left out, as when it is not sent.
      }).flatMap(([key, value]) => (isGiven(value) ? [{ key, value }] : []));
      const requester = await this.records.create(tx, {
        categoryCode: REQUESTER_CATEGORY,
        values,
        collectedAt: input.receivedAt,
        source: `request form (${input.channel})`,
      });
      const dates = requestDates(input.receivedAt, this.config.REQUEST_TARGET_BUSINESS_DAYS);
      const year = Number(todayInJapan(input.receivedAt).slice(0, 4));
      const number = await nextYearlyNumber(tx.manager, 'request_numbers', year, 'receivedAt');
      const feeRequired = isFeeCharged(input.kind);
      const row = returnedRow(
        await tx.manager.query<RequestRow[]>(
          `INSERT INTO data_subject_requests AS r (number, kind, status, channel, received_at,
             handling_starts_on, due_on, art39_on, disclosure_method, agent_kind,
             requester_subject_id, requester_record_id, fee_required, fee_amount, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           RETURNING ${REQUEST_SELECT}`,
          [
            number,
            input.kind,
            RequestStatus.RECEIVED,
            input.channel,
            input.receivedAt,
            dates.handlingStartsOn,
            dates.dueOn,
            dates.art39On,
            input.disclosureMethod ?? null,
            input.agent?.kind ?? null,
            requester.record.subjectId,
            requester.record.id,
            feeRequired,
            feeRequired ? this.config.REQUEST_FEE_YEN : 0,
            tx.actor.id ?? tx.actor.kind,
          ],
        ),
        'request intake',
      );
      await this.ledger.append(tx, {
        action: LedgerAction.REQUEST_RECEIVED,
        targetType: 'DataSubjectRequest',
        targetId: row.id,
        subjectId: row.requester_subject_id,
        categoryCode: REQUESTER_CATEGORY,
        purposeCode: REQUEST_PURPOSE,
        details: {
          kind: row.kind,
          channel: row.channel,
          agent: row.agent_kind,
          dueOn: row.due_on,
          art39On: row.art39_on,
        },
      });
      await this.outbox.publish(tx.manager, DomainEventType.REQUEST_RECEIVED, {
        requestId: row.id,
        number: row.number,
        kind: row.kind,
        channel: row.channel,
        dueOn: row.due_on,
      });
      return row;
    });
  }
}
