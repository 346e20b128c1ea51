import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  CatalogVersionEntity,
  type CatalogChange,
  type CatalogEntityType,
} from './catalog-version.entity';
import { LedgerAction } from '@daicho/platform';

export interface CatalogChangeRecord {
  entityType: CatalogEntityType;
  code: string;
  version: number;
  snapshot: object;
  changedFields: string[];
  change: CatalogChange;
  note?: string | null;
}

const LEDGER_ACTION: Record<CatalogChange, LedgerAction> = {
  CREATED: LedgerAction.CREATE,
  UPDATED: LedgerAction.UPDATE,
  RETIRED: LedgerAction.UPDATE,
  REINSTATED: LedgerAction.UPDATE,
  REVIEWED: LedgerAction.REVIEW,
};

/** Names of the fields whose values differ (compared as JSON, so arrays and texts compare by value). */
export function changedFields<T extends object>(
  before: T,
  after: T,
  keys: readonly (keyof T)[],
): string[] {
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => String(k));
}

/**
 * Keeps every version of every catalog entry (who, when, what changed) and writes the matching
 * ledger entry, both in the caller's transaction.
 */
@Injectable()
export class CatalogHistory {
  constructor(private readonly ledger: Ledger) {}

  async record(tx: RequestContext, change: CatalogChangeRecord): Promise<void> {
    const version = tx.manager.create(CatalogVersionEntity, {
      entityType: change.entityType,
      code: change.code,
      version: change.version,
      snapshot: JSON.parse(JSON.stringify(change.snapshot)) as Record<string, unknown>,
      changedFields: change.changedFields,
      change: change.change,
      note: change.note ?? null,
      changedBy: tx.actor.id,
      changedAt: new Date(),
    });
    await tx.manager.save(version);
    await this.ledger.append(tx, {
      action: LEDGER_ACTION[change.change],
      targetType: change.entityType,
      targetId: change.code,
      categoryCode: change.entityType === 'DataCategory' ? change.code : undefined,
      fields: change.changedFields,
      details: { version: change.version, change: change.change },
    });
  }

  async history(tx: RequestContext, entityType: CatalogEntityType, code: string) {
    return tx.manager.find(CatalogVersionEntity, {
      where: { entityType, code },
      order: { version: 'ASC' },
    });
  }
}
