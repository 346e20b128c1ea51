import { BadUserInputError } from '@daicho/platform';
import type { DataItem } from './data-item';

/** The items of a category one of its purposes needs (APPI art. 18: use within the purpose). */
export interface PurposeItems {
  purposeCode: string;
  itemKeys: string[];
}

/**
 * The items a purpose needs in a category: deny by default, so a purpose the category names
 * without items (or a category not yet given them) needs nothing and a read for it shows nothing.
 */
export function neededItems(
  category: { purposeItems: readonly PurposeItems[] | null },
  purposeCode: string,
): Set<string> {
  const entry = (category.purposeItems ?? []).find((p) => p.purposeCode === purposeCode);
  return new Set(entry?.itemKeys ?? []);
}

/**
 * Each entry names one of the category's purposes, once, and only the category's items, each
 * once; checked against the category as it will be after the change.
 */
export function assertPurposeItemsFit(category: {
  items: readonly Pick<DataItem, 'key'>[];
  purposeCodes: readonly string[];
  purposeItems: readonly PurposeItems[] | null;
}): void {
  const items = new Set(category.items.map((i) => i.key));
  const purposes = new Set(category.purposeCodes);
  const seen = new Set<string>();
  for (const entry of category.purposeItems ?? []) {
    if (!purposes.has(entry.purposeCode)) {
      throw new BadUserInputError(
        `purposeItems names ${entry.purposeCode}, which is not one of the category's purposes (purposeCodes).`,
        ['purposeItems'],
      );
    }
    if (seen.has(entry.purposeCode)) {
      throw new BadUserInputError(`purposeItems names ${entry.purposeCode} twice.`, [
        'purposeItems',
      ]);
    }
    seen.add(entry.purposeCode);
    const unknown = entry.itemKeys.filter((k) => !items.has(k));
    if (unknown.length) {
      throw new BadUserInputError(
        `purposeItems for ${entry.purposeCode} names ${unknown.join(', ')}, not items of the category; use the keys of its items.`,
        ['purposeItems'],
      );
    }
    if (new Set(entry.itemKeys).size !== entry.itemKeys.length) {
      throw new BadUserInputError(`purposeItems for ${entry.purposeCode} repeats an item.`, [
        'purposeItems',
      ]);
    }
  }
}

/** The needed items left when a change takes items or purposes out of the category. */
export function prunedPurposeItems(
  before: {
    items: readonly Pick<DataItem, 'key'>[];
    purposeCodes: readonly string[];
    purposeItems: readonly PurposeItems[] | null;
  },
  after: { items?: readonly Pick<DataItem, 'key'>[]; purposeCodes?: readonly string[] },
): PurposeItems[] {
  const items = new Set((after.items ?? before.items).map((i) => i.key));
  const purposes = new Set(after.purposeCodes ?? before.purposeCodes);
  return (before.purposeItems ?? [])
    .filter((p) => purposes.has(p.purposeCode))
    .map((p) => ({ purposeCode: p.purposeCode, itemKeys: p.itemKeys.filter((k) => items.has(k)) }));
}
