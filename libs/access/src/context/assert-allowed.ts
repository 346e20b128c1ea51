import { ForbiddenError, type AuditTrail } from '@daicho/platform';
import type { PolicyAction, PolicySubject } from '../policy/policy-rule';
import { denialOf } from './denial';
import type { RequestContext } from './request-context';

/**
 * The service-level permission check (services never trust the resolver to have checked,
 * ARCHITECTURE.md §2). A refusal is recorded in its own write before FORBIDDEN is raised.
 */
export async function assertAllowed(
  auditTrail: AuditTrail,
  ctx: RequestContext,
  action: PolicyAction,
  subject: Exclude<PolicySubject, 'all'>,
): Promise<void> {
  if (ctx.ability.can(action, subject)) return;
  const operation = `${action} ${subject}`;
  await auditTrail.record(denialOf(ctx, operation, `lacks ${operation}`, subject));
  throw new ForbiddenError(`Your role (${ctx.role}) may not ${action} ${subject}.`);
}
