import { registerEnumType } from '@nestjs/graphql';
import { Role } from '@daicho/access';

export enum AccessGrantStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(AccessGrantStatus, { name: 'AccessGrantStatus' });

/** How the grant arose: a user created with the role, a role change, a password or authenticator reset. */
export enum AccessGrantKind {
  CREATION = 'CREATION',
  ROLE_CHANGE = 'ROLE_CHANGE',
  PASSWORD_RESET = 'PASSWORD_RESET',
  /** Removing the authenticator of an administrator, the CPO or the auditor (a lost device). */
  MFA_RESET = 'MFA_RESET',
  /** The first CPO of a deployment, created directly while no CPO existed (never pending). */
  BOOTSTRAP = 'BOOTSTRAP',
}
registerEnumType(AccessGrantKind, { name: 'AccessGrantKind' });

/** Roles whose holder reads personal data (privacy policy §2), so granting them needs approval. */
const DEPARTMENT_ROLES: readonly Role[] = [Role.HR, Role.SALES, Role.SUPPORT, Role.FACILITIES];

/**
 * Separation of duties (JIS Q 15001 A.3.4.3.2, approved access rights): who must approve a grant
 * of `role`, or null when it needs no approval (AUDITOR reads no personal data values).
 * Department roles: the CPO, who answers for personal data. CPO and ADMIN: another ADMIN or the CPO.
 */
export function approversOf(role: Role): readonly Role[] | null {
  if (DEPARTMENT_ROLES.includes(role)) return [Role.CPO];
  if (role === Role.CPO || role === Role.ADMIN) return [Role.ADMIN, Role.CPO];
  return null;
}

/**
 * Who must approve a reset of a `role` holder's password or authenticator (the approver receives
 * the new password): as for a grant of the role, and for AUDITOR too. The auditor is the
 * independent check on the administrators: one administrator must not take over its login, nor
 * that of an administrator they first demoted to AUDITOR (a demotion needs no approval).
 */
export function resetApproversOf(role: Role): readonly Role[] | null {
  if (role === Role.AUDITOR) return [Role.ADMIN, Role.CPO];
  return approversOf(role);
}

/** Who must approve a grant of `kind` for `role` (null: nobody, it takes effect at once). */
export function grantApproversOf(kind: AccessGrantKind, role: Role): readonly Role[] | null {
  return kind === AccessGrantKind.PASSWORD_RESET || kind === AccessGrantKind.MFA_RESET
    ? resetApproversOf(role)
    : approversOf(role);
}
