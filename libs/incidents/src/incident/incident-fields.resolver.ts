import { Inject } from '@nestjs/common';
import { Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { HoldingsKeys, openInFile } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { LedgerAction, selectsAny } from '@daicho/platform';
import type { IncidentStage } from '../incident-enums';
import {
  ClientNoticeModel,
  IncidentModel,
  IncidentReportModel,
  IncidentStepModel,
} from './incident.models';
import { INCIDENT_LABELS } from '../report/report-labels';
import { incidentTextAad } from './incident-row';

/**
 * An incident's steps, reports and client notices, resolved only when asked; the incident itself
 * was already an access decision. A step's note opens for whoever reads the incident's texts.
 */
@Resolver(() => IncidentModel)
export class IncidentFieldsResolver {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
  ) {}

  @Policy('read', 'Incident')
  @ResolveField(() => [IncidentStepModel])
  async steps(
    @Ctx() ctx: RequestContext,
    @Parent() incident: IncidentModel,
    @Info() info: GraphQLResolveInfo,
  ) {
    const rows = await ctx.manager.query<
      {
        id: string;
        stage: IncidentStage;
        acted_at: Date;
        recorded_by: string;
        sealed_note: Buffer;
        file_id: string;
      }[]
    >(
      `SELECT s.id, s.stage, s.acted_at, s.recorded_by, s.sealed_note, i.file_id
         FROM incident_steps s JOIN incidents i ON i.id = s.incident_id
        WHERE s.incident_id = $1 ORDER BY s.recorded_at, s.id`,
      [incident.id],
    );
    const fileId = rows[0]?.file_id;
    // The step notes are the CPO's investigation (they may name colleagues): the CPO reads them,
    // each opening a READ entry in the same transaction.
    // Only when the answer asks for them: each opening is a recorded look.
    const notes =
      ctx.ability.can('update', 'Incident') && fileId && selectsAny(info, ['note'])
        ? await ctx.transaction(async (tx) => {
            const opened = await openInFile(
              tx,
              this.keys,
              fileId,
              rows.map((r) => ({
                aad: incidentTextAad(incident.id, `step:${r.id}`),
                bytes: r.sealed_note,
              })),
            );
            await this.ledger.append(tx, {
              action: LedgerAction.READ,
              targetType: 'Incident',
              targetId: incident.id,
              purposeCode: 'INCIDENT_RESPONSE',
              fields: ['steps.note'],
              details: { view: 'steps', steps: rows.length },
            });
            return opened;
          })
        : rows.map(() => null);
    return rows.map((r, i): IncidentStepModel => ({
      id: r.id,
      stage: r.stage,
      stageLabel: INCIDENT_LABELS.stage[r.stage],
      actedAt: r.acted_at,
      recordedBy: r.recorded_by,
      note: notes[i] ?? null,
    }));
  }

  @Policy('read', 'Incident')
  @ResolveField(() => [IncidentReportModel])
  reports(@Ctx() ctx: RequestContext, @Parent() incident: IncidentModel) {
    return ctx.manager.query<IncidentReportModel[]>(
      `SELECT stage, submitted_on::text AS "submittedOn", channel FROM incident_reports
        WHERE incident_id = $1 ORDER BY submitted_on, stage`,
      [incident.id],
    );
  }

  @Policy('read', 'Incident')
  @ResolveField(() => [ClientNoticeModel])
  clientNotices(@Ctx() ctx: RequestContext, @Parent() incident: IncidentModel) {
    return ctx.manager.query<ClientNoticeModel[]>(
      `SELECT recipient_code AS "recipientCode", notified_at AS "notifiedAt", method
         FROM incident_client_notices WHERE incident_id = $1 ORDER BY notified_at, id`,
      [incident.id],
    );
  }
}
