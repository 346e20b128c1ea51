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
  /** Removing the authenticator of an administrator or the CPO (a lost device). */
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
