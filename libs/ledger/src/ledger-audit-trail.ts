import { Injectable } from '@nestjs/common';
import { AuditTrail, type AuditEvent } from '@daicho/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerKeys } from './keys/ledger-keys';
import { Ledger } from './ledger';

/**
 * Puts the security events of the libraries below the ledger (logins, user and key changes,
 * denials) into the ledger. With a manager the entry joins that transaction; without one it is
 * its own, so a denial is recorded even though the call it denies fails.
 */
@Injectable()
export class LedgerAuditTrail extends AuditTrail {
  constructor(
    private readonly ledger: Ledger,
    private readonly dataSource: DataSource,
    private readonly keys: LedgerKeys,
  ) {
    super();
  }

  pseudonymOfEmail(email: string): string {
    return this.keys.pseudonymFor('email', email);
  }

  pseudonymOfAddress(address: string): string {
    return this.keys.pseudonymFor('clientAddress', address);
  }

  async record(event: AuditEvent, manager?: EntityManager): Promise<void> {
    await this.ledger.append(
      {
        manager: manager ?? this.dataSource.manager,
        requestId: event.requestId,
        actor: { kind: event.actorKind, id: event.actorId, role: event.actorRole },
      },
      {
        action: event.action,
        outcome: event.outcome,
        targetType: event.targetType,
        targetId: event.targetId,
        subjectId: event.subjectId,
        categoryCode: event.categoryCode,
        purposeCode: event.purposeCode,
        details: event.details,
      },
    );
  }
}
