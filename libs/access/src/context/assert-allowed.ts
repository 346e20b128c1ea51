import { ForbiddenError } from '@daicho/platform';
import type { PolicyAction, PolicySubject } from '../policy/policy-rule';
import { recordDenial } from './record-denial';
import type { RequestContext } from './request-context';

/**
 * The service-level permission check: services never trust the resolver to have checked. A
 * refusal is recorded (recordDenial, its own write) before FORBIDDEN is raised.
 */
export async function assertAllowed(
  ctx: RequestContext,
  action: PolicyAction,
  subject: Exclude<PolicySubject, 'all'>,
): Promise<void> {
  if (ctx.ability.can(action, subject)) return;
  const operation = `${action} ${subject}`;
  throw await recordDenial(
    ctx,
    { operation, type: subject, reason: `lacks ${operation}` },
    new ForbiddenError(`Your role (${ctx.role}) may not ${action} ${subject}.`),
  );
}
