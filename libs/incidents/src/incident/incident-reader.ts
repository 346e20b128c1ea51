import { Injectable } from '@nestjs/common';
import { recordDenial, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  decodeTimeCursor,
  encodeCursor,
  ForbiddenError,
  LedgerAction,
  pageOf,
  type Page,
} from '@daicho/platform';
import type { IncidentStage } from '../incident-enums';
import { visibleIncident, visibleIncidents } from './incident-access';
import { INCIDENT_SELECT, type IncidentRow } from './incident-row';

export interface IncidentsFilter {
  stage?: IncidentStage;
  open?: boolean;
}

/**
 * Incidents as each role may see them, newest awareness first; every incident shown is a READ
 * entry (an incident is about persons, even when it names none).
 */
@Injectable()
export class IncidentReader {
  constructor(private readonly ledger: Ledger) {}

  async get(ctx: RequestContext, id: string): Promise<IncidentRow> {
    return ctx.transaction(async (tx) => {
      const row = await visibleIncident(tx, id);
      await this.recordLook(tx, [row], 'incident');
      return row;
    });
  }

  async list(
    ctx: RequestContext,
    filter: IncidentsFilter,
    first: number,
    after?: string,
  ): Promise<Page<IncidentRow>> {
    const cursor = after ? decodeTimeCursor(after) : null;
    return ctx.transaction(async (tx) => {
      const params: unknown[] = [
        filter.stage ?? null,
        filter.open ?? null,
        cursor?.at ?? null,
        cursor?.id ?? null,
        first + 1,
      ];
      const visible = visibleIncidents(tx, params.length + 1);
      if (!visible)
        throw await recordDenial(
          tx,
          { operation: 'list Incident', type: 'Incident' },
          new ForbiddenError(`Your role (${tx.role}) may not see incidents.`),
        );
      const rows = await tx.manager.query<IncidentRow[]>(
        `SELECT ${INCIDENT_SELECT} FROM incidents i
          WHERE ($1::text IS NULL OR i.stage = $1)
            AND ($2::boolean IS NULL OR (i.stage <> 'CLOSED') = $2)
            AND ($3::timestamptz IS NULL OR (i.aware_at, i.id) < ($3::timestamptz, $4::uuid))
            AND ${visible.text}
          ORDER BY i.aware_at DESC, i.id DESC LIMIT $5`,
        [...params, ...visible.values],
      );
      const page = pageOf(
        rows,
        first,
        (r) => encodeCursor(r.aware_at.toISOString(), r.id),
        (r) => r,
      );
      await this.recordLook(
        tx,
        page.edges.map((e) => e.node),
        'incidents',
      );
      return page;
    });
  }

  private recordLook(tx: RequestContext, rows: readonly IncidentRow[], view: string) {
    return this.ledger.appendMany(
      tx,
      rows.map((row) => ({
        action: LedgerAction.READ,
        targetType: 'Incident',
        targetId: row.id,
        purposeCode: 'INCIDENT_RESPONSE',
        details: { view },
      })),
    );
  }
}
