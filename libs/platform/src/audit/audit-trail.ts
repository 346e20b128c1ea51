import type { EntityManager } from 'typeorm';
import type { LedgerAction } from './ledger-action';

/** What happened, in the ledger's vocabulary; never personal data values. */
export interface AuditEvent {
  action: LedgerAction;
  outcome: 'ALLOWED' | 'DENIED';
  actorKind: 'USER' | 'API_KEY' | 'SYSTEM' | 'ANONYMOUS';
  actorId: string | null;
  actorRole: string | null;
  requestId: string;
  targetType?: string;
  targetId?: string;
  /** The person (pseudonymous id), category and purpose concerned, when there is one. */
  subjectId?: string;
  categoryCode?: string;
  purposeCode?: string;
  /** Small, non-personal facts: field names, codes, counts. */
  details?: Record<string, string | number | boolean | string[] | null>;
}

/**
 * The seam through which every security-relevant event is recorded. `manager` is the open
 * transaction when the event belongs to one, so the record commits or rolls back with the work.
 * The ledger library provides the implementation (LedgerAuditTrail, in LedgerModule).
 */
export abstract class AuditTrail {
  abstract record(event: AuditEvent, manager?: EntityManager): Promise<void>;

  /** A keyed hash that stands in for an e-mail address (e.g. of a failed login), never the address. */
  abstract pseudonymOfEmail(email: string): string;
  /** The same for a client's network address (throttle keys, never the address itself). */
  abstract pseudonymOfAddress(address: string): string;
}
