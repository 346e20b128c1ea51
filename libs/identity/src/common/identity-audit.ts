import { denialOf, type RequestContext } from '@daicho/access';
import { ForbiddenError, type AuditEvent, type AuditTrail } from '@daicho/platform';

/** An audit event for something the context's actor did, targeting a user or key by id. */
export function auditEventFor(
  ctx: RequestContext,
  action: string,
  target: { type: string; id: string },
  details?: AuditEvent['details'],
): AuditEvent {
  return {
    action,
    outcome: 'ALLOWED',
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    requestId: ctx.requestId,
    targetType: target.type,
    targetId: target.id,
    details,
  };
}

/**
 * The service-level permission check (services never trust the resolver to have checked,
 * ARCHITECTURE.md §2). A refusal is recorded in its own write before FORBIDDEN is raised.
 */
export async function assertAllowed(
  auditTrail: AuditTrail,
  ctx: RequestContext,
  action: 'read' | 'create' | 'update' | 'resetPassword',
  subject: 'User' | 'ApiKey',
): Promise<void> {
  if (ctx.ability.can(action, subject)) return;
  const operation = `${action} ${subject}`;
  await auditTrail.record(denialOf(ctx, operation, `lacks ${operation}`, subject));
  const noun = subject === 'User' ? 'users' : 'API keys';
  throw new ForbiddenError(`Your role (${ctx.role}) may not ${action} ${noun}.`);
}
