import { policySubject, recordDenial, permittedRowsSql, type RequestContext } from '@daicho/access';
import { ForbiddenError, NotFoundError } from '@daicho/platform';
import { CORRECTIVE_ACTION_SELECT, type CorrectiveActionRow } from './corrective-action-row';

/** A SQL condition on `corrective_actions a` with its parameters. */
export interface Visibility {
  text: string;
  values: unknown[];
}

/**
 * Which corrective actions the caller may see: every one (CPO, AUDITOR), or a department's, those
 * it owns. Null: none at all.
 */
export function visibleCorrectiveActions(
  ctx: RequestContext,
  firstPlaceholder: number,
): Visibility | null {
  return permittedRowsSql(
    ctx.ability,
    'read',
    'CorrectiveAction',
    { ownerId: { column: 'a.owner_id', type: 'uuid', nullable: false } },
    firstPlaceholder,
  );
}

/** The refusal for a role that may see no corrective action at all (recorded). */
export async function noCorrectiveActionsFor(
  ctx: RequestContext,
  operation: string,
  id?: string,
): Promise<never> {
  throw await recordDenial(
    ctx,
    { operation, type: 'CorrectiveAction', id },
    new ForbiddenError(`Your role (${ctx.role}) may not see corrective actions.`),
  );
}

/**
 * A corrective action the caller may `action` (read: see it; update: record it done), locked
 * for a change; NOT_FOUND (recorded) alike for a missing id and one the caller may not touch.
 */
export async function correctiveActionFor(
  ctx: RequestContext,
  id: string,
  action: 'read' | 'update',
  operation: string,
): Promise<CorrectiveActionRow> {
  const [row] = await ctx.manager.query<CorrectiveActionRow[]>(
    `SELECT ${CORRECTIVE_ACTION_SELECT} FROM corrective_actions a WHERE a.id = $1
     ${action === 'update' ? 'FOR UPDATE' : ''}`,
    [id],
  );
  if (row && ctx.ability.can(action, policySubject('CorrectiveAction', { ownerId: row.owner_id })))
    return row;
  throw await recordDenial(
    ctx,
    { operation, type: 'CorrectiveAction', id },
    new NotFoundError(
      `There is no corrective action ${id} you may ${action === 'read' ? 'see' : 'change'}.`,
    ),
  );
}

/**
 * Whether the caller runs corrective actions for the company (opens them, checks whether they
 * worked: the CPO), as against owning some (a department): its update rule has no condition.
 */
export const runsCorrectiveActions = (ctx: RequestContext): boolean =>
  ctx.ability
    .rulesFor('update', 'CorrectiveAction')
    .some((rule) => !rule.inverted && !rule.conditions);

/**
 * Whether the caller reads an action's texts (cause, action, notes may name people): the CPO and
 * the owner, who carries it out, while their role still lets them; never the auditor, who checks
 * dates and whether it was done (an owner moved to AUDITOR reads as an auditor).
 */
export const readsCorrectiveActionTexts = (ctx: RequestContext, row: CorrectiveActionRow) =>
  runsCorrectiveActions(ctx) ||
  (row.owner_id === ctx.actor.id &&
    ctx.ability.can('update', policySubject('CorrectiveAction', { ownerId: row.owner_id })));
