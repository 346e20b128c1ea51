import { registerEnumType } from '@nestjs/graphql';

/** The roles of the privacy office. Separation of duties is deliberate. */
export enum Role {
  /** Manages users, roles and API keys; sees no personal data. */
  ADMIN = 'ADMIN',
  /** Chief Privacy Officer: runs requests and incidents, reads everything for those purposes. */
  CPO = 'CPO',
  /** Reads the catalog, the ledger and reports; never personal data values; changes nothing. */
  AUDITOR = 'AUDITOR',
  /** Employees and recruitment applicants. */
  HR = 'HR',
  /** Web inquiries, newsletter, seminars, business partners' contacts. */
  SALES = 'SALES',
  /** Call-center recordings and data entrusted by clients. */
  SUPPORT = 'SUPPORT',
  /** CCTV images. */
  FACILITIES = 'FACILITIES',
  /** Machine clients, authenticated by scoped API keys. */
  INTEGRATION = 'INTEGRATION',
}

registerEnumType(Role, { name: 'Role', description: 'What a user or machine client may do' });
