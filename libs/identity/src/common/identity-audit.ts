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

/**
 * A refused sign-in (password or single sign-on): anonymous, with the user when one was found;
 * `details` hold the reason code and, for an address, only its keyed hash.
 */
export function loginFailedEvent(
  requestId: string,
  userId: string | undefined,
  details: NonNullable<AuditEvent['details']>,
): AuditEvent {
  return {
    action: LedgerAction.LOGIN_FAILED,
    outcome: 'DENIED',
    actorKind: 'ANONYMOUS',
    actorId: null,
    actorRole: null,
    requestId,
    ...(userId ? { targetType: 'User', targetId: userId } : {}),
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
