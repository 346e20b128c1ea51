import type { RequestContext } from '@daicho/access';
import { LedgerAction, type AuditEvent } from '@daicho/platform';

/** An audit event for something the context's actor did, targeting a user or key by id. */
export function auditEventFor(
  ctx: RequestContext,
  action: LedgerAction,
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

/** A READ entry for a list of people (users, grants): who looked, at how many, no one named. */
export function listReadEvent(ctx: RequestContext, targetType: string, listed: number): AuditEvent {
  return {
    action: LedgerAction.READ,
    outcome: 'ALLOWED',
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    requestId: ctx.requestId,
    targetType,
    details: { listed },
  };
}
