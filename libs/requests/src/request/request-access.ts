import { permittedRowsSql, recordDenial, type RequestContext } from '@daicho/access';
import { ForbiddenError, NotFoundError } from '@daicho/platform';
import { lockRequest, REQUEST_SELECT, type RequestRow } from './request-row';

/** A SQL condition on `data_subject_requests r` with its parameters. */
export interface Visibility {
  text: string;
  values: unknown[];
}

/**
 * The caller's categories as a SQL condition on `t.category_code` (a department's notices), or
 * 'TRUE' for a caller who sees every request (CPO, AUDITOR). Null: none at all.
 */
export function noticeCategories(ctx: RequestContext, firstPlaceholder: number): Visibility | null {
  return permittedRowsSql(
    ctx.ability,
    'read',
    'RequestNotice',
    { categoryCode: { column: 't.category_code', type: 'text', nullable: false } },
    firstPlaceholder,
  );
}

/**
 * Which requests the caller may see: every one (CPO, AUDITOR: their rule has no condition), or
 * a department's notices, those matched to a person with an active record in a category it
 * handles. Null: none at all.
 */
export function visibleRequests(ctx: RequestContext, firstPlaceholder: number): Visibility | null {
  const touched = noticeCategories(ctx, firstPlaceholder);
  if (!touched || touched.text === 'TRUE') return touched;
  return {
    text: `EXISTS (SELECT 1 FROM request_subjects rs
                    JOIN personal_records t ON t.subject_id = rs.subject_id AND t.status = 'ACTIVE'
                   WHERE rs.request_id = r.id AND ${touched.text})`,
    values: touched.values,
  };
}

/**
 * The persons matched to a request the caller may see: all of them for whoever sees the whole
 * request; for a department, only those with an active record in its categories (a matched
 * person of another department is none of its business).
 */
export async function visibleSubjectIds(ctx: RequestContext, requestId: string): Promise<string[]> {
  const touched = noticeCategories(ctx, 2);
  if (!touched) return [];
  const rows = await ctx.manager.query<{ subject_id: string }[]>(
    `SELECT rs.subject_id FROM request_subjects rs
      WHERE rs.request_id = $1 AND (${
        touched.text === 'TRUE'
          ? 'TRUE'
          : `EXISTS (SELECT 1 FROM personal_records t
              WHERE t.subject_id = rs.subject_id AND t.status = 'ACTIVE' AND ${touched.text})`
      })
      ORDER BY rs.matched_at, rs.subject_id`,
    [requestId, ...touched.values],
  );
  return rows.map((r) => r.subject_id);
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
