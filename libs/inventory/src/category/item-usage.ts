import type { EntityManager } from 'typeorm';

/**
 * How many stored records still hold values for some items of a category. The inventory refuses
 * to remove an item records still use; the holdings library, which keeps the records, provides
 * the count (a global provider). Composed without holdings, no record can use an item.
 */
export abstract class ItemUsage {
  /**
   * Counted in the caller's transaction, on its connection: the change holds the category's row
   * lock meanwhile, and a second connection could wait for a pool that writers of records, held
   * up by that very lock, have taken (a hang seen with twenty writers and one removal).
   */
  abstract recordsUsing(
    manager: EntityManager,
    categoryCode: string,
    itemKeys: readonly string[],
  ): Promise<number>;
}
