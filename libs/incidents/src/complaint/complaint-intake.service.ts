import { Inject, Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { RecordWriter } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  AppConfig,
  LedgerAction,
  nextYearlyNumber,
  returnedRow,
  todayInJapan,
  isGiven,
} from '@daicho/platform';
import { ComplaintStatus } from './complaint-enums';
import { complaintTargetOn } from './complaint-dates';
import type { ReceiveComplaintInput } from './complaint.inputs';
import {
  COMPLAINANT_CATEGORY,
  COMPLAINT_PURPOSE,
  COMPLAINT_SELECT,
  type ComplaintRow,
} from './complaint-row';
import { linkedIncident } from './incident-link';

/**
 * Registers a complaint or consultation as it arrives (APPI art. 40; policy §8: the Personal
 * Information Center answers it promptly and sincerely): the complainant's data and what they
 * say as a sealed COMPLAINANT record, the complaint number and its target date, stored once.
 */
@Injectable()
export class ComplaintIntake {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly records: RecordWriter,
    private readonly ledger: Ledger,
  ) {}

  async receive(ctx: RequestContext, input: ReceiveComplaintInput): Promise<ComplaintRow> {
    await assertAllowed(ctx, 'create', 'Complaint');
    return ctx.transaction(async (tx) => {
      const incident = input.incidentId
        ? await linkedIncident(tx, input.incidentId, 'receive Complaint')
        : null;
      const values = Object.entries({
        name: input.complainant.name,
        address: input.complainant.address,
        email: input.complainant.email,
        phone: input.complainant.phone,
        complaintContent: input.content,
        // null is no value: the item is left out, as when it is not sent.
      }).flatMap(([key, value]) => (isGiven(value) ? [{ key, value }] : []));
      const complainant = await this.records.create(tx, {
        categoryCode: COMPLAINANT_CATEGORY,
        values,
        collectedAt: input.receivedAt,
        source: `complaint (${input.channel})`,
      });
      const year = Number(todayInJapan(input.receivedAt).slice(0, 4));
      const row = returnedRow(
        await tx.manager.query<ComplaintRow[]>(
          `INSERT INTO complaints AS c (number, received_at, channel, subject, status, target_on,
             complainant_subject_id, complainant_record_id, incident_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           RETURNING ${COMPLAINT_SELECT}`,
          [
            await nextYearlyNumber(tx.manager, 'complaint_numbers', year, 'receivedAt'),
            input.receivedAt,
            input.channel,
            input.subject,
            ComplaintStatus.RECEIVED,
            complaintTargetOn(input.receivedAt, this.config.COMPLAINT_TARGET_BUSINESS_DAYS),
            complainant.record.subjectId,
            complainant.record.id,
            incident?.id ?? null,
            tx.actor.id ?? tx.actor.kind,
          ],
        ),
        'complaint intake',
      );
      await this.ledger.append(tx, {
        action: LedgerAction.COMPLAINT_RECEIVED,
        targetType: 'Complaint',
        targetId: row.id,
        subjectId: row.complainant_subject_id,
        categoryCode: COMPLAINANT_CATEGORY,
        purposeCode: COMPLAINT_PURPOSE,
        details: {
          number: row.number,
          channel: row.channel,
          subject: row.subject,
          targetOn: row.target_on,
          incident: row.incident_id,
        },
      });
      return row;
    });
  }
}
