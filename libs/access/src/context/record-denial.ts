import { isCatalogCode, type DomainError, LedgerAction } from '@daicho/platform';
import type { RequestContext } from './request-context';

/** What a refused attempt was aimed at; codes and pseudonymous ids only, never values. */
export interface DenialTarget {
  /** The operation refused, e.g. `update ProvisionRecord` or `Query.record`. */
  operation: string;
  type?: string;
  id?: string;
  subjectId?: string;
  categoryCode?: string;
  /** Kept only when it is a catalog code (the caller may have sent anything). */
  purposeCode?: string;
  /** A fixed phrase of the server's; the error's code when left out. */
  reason?: string;
}

/**
 * The one way a refusal is recorded: a DENIED ledger entry in its own write, so it outlives the
 * call it refuses (whose transaction rolls back), then the error to throw. Every denial of every
 * library goes through here.
 */
export async function recordDenial<E extends DomainError>(
  ctx: RequestContext,
  target: DenialTarget,
  error: E,
): Promise<E> {
  await ctx.auditTrail.record({
    action: LedgerAction.DENIED,
    outcome: LedgerAction.DENIED,
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    requestId: ctx.requestId,
    targetType: target.type,
    targetId: target.id,
    subjectId: target.subjectId,
    categoryCode: target.categoryCode,
    purposeCode: isCatalogCode(target.purposeCode) ? target.purposeCode : undefined,
    details: { operation: target.operation, reason: target.reason ?? error.code },
  });
  return error;
}
