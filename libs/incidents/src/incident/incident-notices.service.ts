import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import {
  BadUserInputError,
  calendarDate,
  ConflictError,
  LedgerAction,
  todayInJapan,
} from '@daicho/platform';
import { IncidentStage, ReportStage } from '../incident-enums';
import { IncidentReportability } from '../reportability/incident-reportability.service';
import { incidentToRun } from './incident-access';
import { deadlineBusinessDay } from './incident-clocks';
import type { ClientNoticeInput, RecordReportInput } from './incident-notices.inputs';
import { IncidentRegister } from './incident-register.service';
import type { IncidentRow } from './incident-row';

/**
 * What went out about an incident: the reports to the PPC (Rule 8: preliminary, then final) and,
 * as the contractor for a client's entrusted data, the notice to the client (which discharges the
 * company's own duty; the client reports).
 */
@Injectable()
export class IncidentNotices {
  constructor(
    private readonly register: IncidentRegister,
    private readonly reportability: IncidentReportability,
  ) {}

  async recordReport(ctx: RequestContext, id: string, input: RecordReportInput) {
    const submittedOn = calendarDate(input.submittedOn, 'submittedOn');
    return ctx.transaction(async (tx) => {
      const row = await this.open(tx, id, 'record a report on');
      if (submittedOn < todayInJapan(row.aware_at))
        throw new BadUserInputError('submittedOn lies before the company became aware.', [
          'submittedOn',
        ]);
      const sent = await tx.manager.query<{ stage: ReportStage; submitted_on: string }[]>(
        `SELECT stage, submitted_on::text AS submitted_on FROM incident_reports WHERE incident_id = $1`,
        [row.id],
      );
      if (sent.some((r) => r.stage === input.stage))
        throw new ConflictError(`Incident ${row.number} already has its ${input.stage} report.`);
      const preliminary = sent.find((r) => r.stage === ReportStage.PRELIMINARY);
      if (input.stage === ReportStage.FINAL && !preliminary)
        throw new ConflictError(
          `Incident ${row.number} has no PRELIMINARY report yet: the final report follows it (PPC Rule 8).`,
        );
      if (preliminary && submittedOn < preliminary.submitted_on)
        throw new BadUserInputError('submittedOn lies before the preliminary report.', [
          'submittedOn',
        ]);
      await tx.manager.query(
        `INSERT INTO incident_reports (incident_id, stage, submitted_on, channel, recorded_by)
         VALUES ($1, $2, $3, $4, $5)`,
        [row.id, input.stage, submittedOn, input.channel, tx.actor.id ?? tx.actor.kind],
      );
      const due = input.stage === ReportStage.FINAL ? row.final_due_on : row.preliminary_due_on;
      await this.register.entry(tx, row, LedgerAction.INCIDENT_REPORT_SUBMITTED, {
        stage: input.stage,
        channel: input.channel,
        submittedOn,
        dueOn: due,
        // A last day on a closed day moves to the next business day.
        late:
          submittedOn >
          deadlineBusinessDay(
            input.stage === ReportStage.FINAL ? row.final_due_on : row.preliminary_overdue_on,
          ),
      });
      return row;
    });
  }

  async recordClientNotice(ctx: RequestContext, id: string, input: ClientNoticeInput) {
    return ctx.transaction(async (tx) => {
      const row = await this.open(tx, id, 'record a client notice on');
      if (input.notifiedAt < row.discovered_at)
        throw new BadUserInputError('notifiedAt lies before the incident was discovered.', [
          'notifiedAt',
        ]);
      const scope = await this.reportability.summary(tx, row.id);
      if (scope.entrustedCategoryCodes.length === 0)
        throw new ConflictError(
          `Incident ${row.number} affects no client's entrusted data (as its scope stands): there is no client to notify.`,
        );
      // The client whose entrusted data it is: a catalog recipient of kind CLIENT, not any party.
      const [recipient] = await tx.manager.query<{ code: string }[]>(
        `SELECT code FROM recipients WHERE code = $1 AND kind = 'CLIENT' AND retired_at IS NULL`,
        [input.recipientCode],
      );
      if (!recipient)
        throw new BadUserInputError(
          'recipientCode names no active client (a catalog recipient of kind CLIENT) of the catalog.',
          ['recipientCode'],
        );
      await tx.manager.query(
        `INSERT INTO incident_client_notices (incident_id, recipient_code, notified_at, method,
           recorded_by) VALUES ($1, $2, $3, $4, $5)`,
        [row.id, input.recipientCode, input.notifiedAt, input.method, tx.actor.id ?? tx.actor.kind],
      );
      await this.register.entry(tx, row, LedgerAction.INCIDENT_CLIENT_NOTIFIED, {
        recipient: input.recipientCode,
        method: input.method,
        categories: scope.entrustedCategoryCodes,
      });
      return row;
    });
  }

  private async open(tx: RequestContext, id: string, operation: string): Promise<IncidentRow> {
    const row = await incidentToRun(tx, id, operation);
    if (row.stage === IncidentStage.CLOSED)
      throw new ConflictError(`Incident ${row.number} is closed.`);
    return row;
  }
}
