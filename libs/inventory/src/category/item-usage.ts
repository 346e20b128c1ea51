/**
 * How many stored records still hold values for some items of a category. The inventory refuses
 * to remove an item records still use; the holdings library, which keeps the records, provides
 * the count (a global provider). Composed without holdings, no record can use an item.
 */
export abstract class ItemUsage {
  abstract recordsUsing(categoryCode: string, itemKeys: readonly string[]): Promise<number>;
}
