import { subject } from '@casl/ability';
import type { PolicySubject } from './policy-rule';

/** An instance the policy judges: a subject type with the attributes its conditions read. */
export function policySubject(
  type: Exclude<PolicySubject, 'all'>,
  attributes: Record<string, unknown>,
): Record<string, unknown> {
  return subject(type, { ...attributes });
}
