import { recordDenial, type RequestContext } from '@daicho/access';
import { NotFoundError } from '@daicho/platform';
import { visibleIncidents } from '../incident/incident-access';

/** What a complaint or corrective action needs of the incident it names. */
export interface LinkedIncident {
  id: string;
  aware_at: Date;
}

/**
 * The incident a complaint or corrective action names, if the caller may see it; else NOT_FOUND
 * (recorded), alike for an unknown id, so naming an id never tells whether it exists.
 */
export async function linkedIncident(
  ctx: RequestContext,
  id: string,
  operation: string,
): Promise<LinkedIncident> {
  const visible = visibleIncidents(ctx, 2);
  const [row] = visible
    ? await ctx.manager.query<LinkedIncident[]>(
        `SELECT i.id, i.aware_at FROM incidents i WHERE i.id = $1 AND ${visible.text}`,
        [id, ...visible.values],
      )
    : [];
  if (row) return row;
  throw await recordDenial(
    ctx,
    { operation, type: 'Incident', id },
    new NotFoundError(`There is no incident ${id} you may see.`),
  );
}
