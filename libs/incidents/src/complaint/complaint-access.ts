import { recordDenial, type RequestContext } from '@daicho/access';
import { ForbiddenError, NotFoundError } from '@daicho/platform';
import { COMPLAINT_SELECT, lockComplaint, type ComplaintRow } from './complaint-row';

/**
 * A complaint the caller may see (CPO, AUDITOR), or NOT_FOUND (recorded), alike for a missing
 * id; a role that sees no complaint at all gets FORBIDDEN (recorded).
 */
export async function visibleComplaint(ctx: RequestContext, id: string): Promise<ComplaintRow> {
  if (!ctx.ability.can('read', 'Complaint')) {
    throw await recordDenial(
      ctx,
      { operation: 'read Complaint', type: 'Complaint', id },
      new ForbiddenError(`Your role (${ctx.role}) may not see complaints.`),
    );
  }
  const [row] = await ctx.manager.query<ComplaintRow[]>(
    `SELECT ${COMPLAINT_SELECT} FROM complaints c WHERE c.id = $1`,
    [id],
  );
  if (row) return row;
  throw await recordDenial(
    ctx,
    { operation: 'read Complaint', type: 'Complaint', id },
    new NotFoundError(`There is no complaint ${id} you may see.`),
  );
}

/**
 * A complaint to work on (the CPO answers complaints), locked for the step. The role is checked
 * first (FORBIDDEN, recorded), then the id (NOT_FOUND, recorded).
 */
export async function complaintToRun(
  ctx: RequestContext,
  id: string,
  operation: string,
): Promise<ComplaintRow> {
  if (!ctx.ability.can('update', 'Complaint')) {
    throw await recordDenial(
      ctx,
      { operation, type: 'Complaint', id },
      new ForbiddenError(`Your role (${ctx.role}) may not ${operation} complaints.`),
    );
  }
  try {
    return await lockComplaint(ctx, id);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw await recordDenial(ctx, { operation, type: 'Complaint', id }, error);
    }
    throw error;
  }
}

/**
 * Whether the caller reads a complaint's personal side (the complainant, what they said, the
 * notes): whoever answers complaints (the CPO); never the auditor, who checks dates and codes.
 */
export const readsComplaintTexts = (ctx: RequestContext): boolean =>
  ctx.ability.can('update', 'Complaint');
