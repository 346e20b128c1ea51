import { Role } from '../role';
import type { PolicyRule } from './policy-rule';

/**
 * Who may do what, per role, as data. Read it like the privacy policy: a role has only what is
 * listed here (deny by default). Libraries add their subjects here as they are built; conditions
 * may refer to the acting user as '${actor.id}'. What people may do about themselves (me,
 * changePassword, logout) is not a rule here but the @SelfService() operations.
 */
/** The catalog (the management ledger of categories) holds no personal data: every person reads it. */
const READ_CATALOG: PolicyRule = { action: 'read', subject: 'Catalog' };
/** Departments know their own data: they may propose catalog changes, which the CPO decides. */
const DEPARTMENT_PROPOSALS: PolicyRule[] = [
  { action: 'create', subject: 'CategoryProposal' },
  { action: 'read', subject: 'CategoryProposal' },
];

export const ROLE_POLICIES: Record<Role, readonly PolicyRule[]> = {
  [Role.ADMIN]: [
    { action: 'manage', subject: 'User' },
    { action: 'manage', subject: 'ApiKey' },
    READ_CATALOG,
  ],
  [Role.CPO]: [
    { action: 'read', subject: 'User' },
    { action: 'read', subject: 'Ledger' },
    { action: 'manage', subject: 'Catalog' },
    { action: 'read', subject: 'CategoryProposal' },
    { action: 'update', subject: 'CategoryProposal' },
  ],
  [Role.AUDITOR]: [
    { action: 'read', subject: 'User' },
    { action: 'read', subject: 'Ledger' },
    READ_CATALOG,
    { action: 'read', subject: 'CategoryProposal' },
  ],
  [Role.HR]: [READ_CATALOG, ...DEPARTMENT_PROPOSALS],
  [Role.SALES]: [READ_CATALOG, ...DEPARTMENT_PROPOSALS],
  [Role.SUPPORT]: [READ_CATALOG, ...DEPARTMENT_PROPOSALS],
  [Role.FACILITIES]: [READ_CATALOG, ...DEPARTMENT_PROPOSALS],
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
  'catalog:read': [READ_CATALOG],
};
