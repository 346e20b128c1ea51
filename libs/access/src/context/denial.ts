import type { AuditEvent } from '@daicho/platform';
import type { RequestContext } from './request-context';

/** The audit event of a refused attempt: who tried which operation, and why it was refused. */
export function denialOf(
  ctx: RequestContext,
  operation: string,
  reason: string,
  targetType?: string,
): AuditEvent {
  return {
    action: 'DENIED',
    outcome: 'DENIED',
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    requestId: ctx.requestId,
    targetType,
    details: { operation, reason },
  };
}
