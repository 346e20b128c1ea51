import { policySubject, recordDenial, permittedRowsSql, type RequestContext } from '@daicho/access';
import { ForbiddenError, NotFoundError } from '@daicho/platform';
import { INCIDENT_SELECT, lockIncident, type IncidentRow } from './incident-row';

/** A SQL condition on `incidents i` with its parameters. */
export interface Visibility {
  text: string;
  values: unknown[];
}

/**
 * Which incidents the caller may see: every one (CPO, AUDITOR), or a department's: those it
 * reported and those touching a category it handles. Null: none at all.
 */
export function visibleIncidents(ctx: RequestContext, firstPlaceholder: number): Visibility | null {
  const condition = permittedRowsSql(
    ctx.ability,
    'read',
    'Incident',
    {
      categoryCode: { column: 'c.code', type: 'text', nullable: false },
      reportedBy: { column: 'i.reported_by', type: 'text', nullable: false },
    },
    firstPlaceholder,
  );
  if (!condition || condition.text === 'TRUE') return condition;
  return {
    text: `EXISTS (SELECT 1 FROM unnest(i.category_codes) AS c(code) WHERE ${condition.text})`,
    values: condition.values,
  };
}

/** An incident the caller may see, or NOT_FOUND (recorded), alike for missing and not visible. */
export async function visibleIncident(ctx: RequestContext, id: string): Promise<IncidentRow> {
  const visible = visibleIncidents(ctx, 2);
  const [row] = visible
    ? await ctx.manager.query<IncidentRow[]>(
        `SELECT ${INCIDENT_SELECT} FROM incidents i WHERE i.id = $1 AND ${visible.text}`,
        [id, ...visible.values],
      )
    : [];
  if (row) return row;
  throw await recordDenial(
    ctx,
    { operation: 'read Incident', type: 'Incident', id },
    new NotFoundError(`There is no incident ${id} you may see.`),
  );
}

/**
 * An incident to work on (the CPO investigates), locked for the step. The role is checked first
 * (FORBIDDEN, recorded), then the id (NOT_FOUND, recorded).
 */
export async function incidentToRun(
  ctx: RequestContext,
  id: string,
  operation: string,
): Promise<IncidentRow> {
  if (!ctx.ability.can('update', 'Incident')) {
    throw await recordDenial(
      ctx,
      { operation, type: 'Incident', id },
      new ForbiddenError(`Your role (${ctx.role}) may not ${operation} incidents.`),
    );
  }
  try {
    return await lockIncident(ctx, id);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw await recordDenial(ctx, { operation, type: 'Incident', id }, error);
    }
    throw error;
  }
}

/**
 * Whether the caller reads an incident's title and description (they often name people): the
 * CPO, and the person who reported it while their role may still report in one of its
 * categories (moved to the audit, or to another department, they read no more); never the
 * auditor, who checks dates, codes and counts. The CPO's step notes are the CPO's alone.
 */
export function readsIncidentTexts(ctx: RequestContext, row: IncidentRow): boolean {
  if (ctx.ability.can('update', 'Incident')) return true;
  return (
    row.reported_by === ctx.actor.id &&
    row.category_codes.some((code) =>
      ctx.ability.can('create', policySubject('Incident', { categoryCode: code })),
    )
  );
}
