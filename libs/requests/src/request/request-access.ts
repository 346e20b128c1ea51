import { recordDenial, rulesToSql, type RequestContext } from '@daicho/access';
import { ForbiddenError, NotFoundError } from '@daicho/platform';
import { lockRequest, REQUEST_SELECT, type RequestRow } from './request-row';

/** A SQL condition on `data_subject_requests r` with its parameters. */
export interface Visibility {
  text: string;
  values: unknown[];
}

/**
 * Which requests the caller may see: every one (CPO, AUDITOR: their rule has no condition), or
 * a department's, those matched to a person with an active record in a category it handles
 * (to carry out corrections). Null: none at all.
 */
export function visibleRequests(ctx: RequestContext, firstPlaceholder: number): Visibility | null {
  const rules = ctx.ability.rulesFor('read', 'DataSubjectRequest');
  if (rules.length === 0) return null;
  if (rules.some((rule) => !rule.inverted && !rule.conditions)) return { text: 'TRUE', values: [] };
  const touched = rulesToSql(
    ctx.ability,
    'read',
    'DataSubjectRequest',
    { categoryCode: { column: 't.category_code', type: 'text', nullable: false } },
    firstPlaceholder,
  );
  if (!touched) return null;
  return {
    text: `EXISTS (SELECT 1 FROM request_subjects rs
                    JOIN personal_records t ON t.subject_id = rs.subject_id AND t.status = 'ACTIVE'
                   WHERE rs.request_id = r.id AND ${touched.text})`,
    values: touched.values,
  };
}

/** The refusal for a role that may see no request at all (recorded). */
export async function noRequestsFor(ctx: RequestContext, operation: string): Promise<never> {
  throw await recordDenial(
    ctx,
    { operation, type: 'DataSubjectRequest' },
    new ForbiddenError(`Your role (${ctx.role}) may not see requests from persons.`),
  );
}

/**
 * A request the caller may see, or NOT_FOUND (recorded) — the same answer for a missing id and
 * one the caller may not see, so existence does not leak.
 */
export async function visibleRequest(ctx: RequestContext, id: string): Promise<RequestRow> {
  const visible = visibleRequests(ctx, 2);
  if (!visible) return noRequestsFor(ctx, 'read DataSubjectRequest');
  const [row] = await ctx.manager.query<RequestRow[]>(
    `SELECT ${REQUEST_SELECT} FROM data_subject_requests r WHERE r.id = $1 AND ${visible.text}`,
    [id, ...visible.values],
  );
  if (row) return row;
  throw await recordDenial(
    ctx,
    { operation: 'read DataSubjectRequest', type: 'DataSubjectRequest', id },
    new NotFoundError(`There is no request ${id} you may see.`),
  );
}

/**
 * A request to work on (CPO), locked for the step. The role is checked first (FORBIDDEN,
 * recorded), then the id (NOT_FOUND, recorded).
 */
export async function requestToRun(
  ctx: RequestContext,
  id: string,
  operation: string,
): Promise<RequestRow> {
  if (!ctx.ability.can('update', 'DataSubjectRequest')) {
    throw await recordDenial(
      ctx,
      { operation, type: 'DataSubjectRequest', id },
      new ForbiddenError(`Your role (${ctx.role}) may not ${operation} requests from persons.`),
    );
  }
  try {
    return await lockRequest(ctx, id);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw await recordDenial(ctx, { operation, type: 'DataSubjectRequest', id }, error);
    }
    throw error;
  }
}
