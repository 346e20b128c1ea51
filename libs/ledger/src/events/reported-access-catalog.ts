import type { EntityManager } from 'typeorm';

/** What a reported access names, as the catalog must recognise it. */
export interface ReportedAccess {
  readonly categoryCode: string;
  readonly purposeCode: string;
  readonly fields: readonly string[];
}

export interface ReportedAccessMisfit {
  index: number;
  field: 'categoryCode' | 'purposeCode' | 'fields';
  message: string;
}

/**
 * Port through which recordAccessEvents asks the catalog whether reported accesses name a real
 * category, one of its purposes and its items (the inventory implements it; the ledger does not
 * know the catalog). An entry naming a category the catalog does not hold would be evidence of
 * nothing.
 */
export abstract class ReportedAccessCatalog {
  abstract firstMisfit(
    manager: EntityManager,
    accesses: readonly ReportedAccess[],
  ): Promise<ReportedAccessMisfit | null>;
}
