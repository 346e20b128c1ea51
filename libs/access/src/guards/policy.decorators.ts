import { SetMetadata, applyDecorators } from '@nestjs/common';
import type { PolicyAction, PolicySubject } from '../policy/policy-rule';

export const POLICY = 'daicho:policy';
export const SELF_SERVICE = 'daicho:selfService';

export interface PolicyRequirement {
  action: PolicyAction;
  subject: PolicySubject;
}

/**
 * The operation requires `action` on `subject` by the caller's ability. The service still checks
 * the concrete record; this is the gate that makes every operation's decision explicit.
 */
export const Policy = (
  action: PolicyAction,
  subject: PolicySubject,
): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(POLICY, { action, subject } satisfies PolicyRequirement));

/**
 * Any authenticated person may call this about themselves (me, changePassword, logout), even
 * before they have replaced an initial password.
 */
export const SelfService = (): MethodDecorator => SetMetadata(SELF_SERVICE, true);

export const MFA_STEP = 'daicho:mfaStep';
/**
 * What a session waiting for its second sign-in step may call (completeMfa, logout); every other
 * operation answers UNAUTHENTICATED until the step is done.
 */
export const MfaStep = (): MethodDecorator => SetMetadata(MFA_STEP, true);
