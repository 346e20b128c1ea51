import { Role } from '../role';
import type { PolicyRule } from './policy-rule';

/**
 * Who may do what, per role, as data. Read it like the privacy policy: a role has only what is
 * listed here (deny by default). Libraries add their subjects here as they are built; conditions
 * may refer to the acting user as '${actor.id}'. What people may do about themselves (me,
 * changePassword, logout) is not a rule here but the @SelfService() operations.
 */
export const ROLE_POLICIES: Record<Role, readonly PolicyRule[]> = {
  [Role.ADMIN]: [
    { action: 'manage', subject: 'User' },
    { action: 'manage', subject: 'ApiKey' },
  ],
  [Role.CPO]: [
    { action: 'read', subject: 'User' },
    { action: 'read', subject: 'Ledger' },
  ],
  [Role.AUDITOR]: [
    { action: 'read', subject: 'User' },
    { action: 'read', subject: 'Ledger' },
  ],
  [Role.HR]: [],
  [Role.SALES]: [],
  [Role.SUPPORT]: [],
  [Role.FACILITIES]: [],
  // Machine clients get nothing from their role: only the scopes of their key (API_KEY_SCOPES).
  [Role.INTEGRATION]: [],
};

/**
 * What an API key scope grants. A key's ability is the union of its scopes' rules, nothing else;
 * unknown scopes are refused when a key is created.
 */
export const API_KEY_SCOPES: Record<string, readonly PolicyRule[]> = {
  'users:read': [{ action: 'read', subject: 'User' }],
  // Internal systems report their own accesses to personal data (recordAccessEvents).
  'access-events:write': [{ action: 'create', subject: 'AccessEvent' }],
};
