import type { RequestContext } from '@daicho/access';
import type { LocalizedText } from '@daicho/documents';

/** The catalog's names for what a letter prints: categories, their items, purposes. */
export interface CatalogLabels {
  category(code: string): LocalizedText;
  item(categoryCode: string, key: string): LocalizedText;
  /** An item's label from the first of `categoryCodes` that has it (a rule may cover several). */
  itemIn(categoryCodes: readonly string[], key: string): LocalizedText;
  purpose(code: string): LocalizedText;
  purposesOf(categoryCode: string): string[];
}

interface CategoryRow {
  code: string;
  name: LocalizedText;
  items: { key: string; label: LocalizedText }[];
  purpose_codes: string[];
}

const asIs = (code: string): LocalizedText => ({ ja: code, en: code });

/** Loads the labels once per letter (tens of rows: the catalog is small). */
export async function catalogLabels(tx: RequestContext): Promise<CatalogLabels> {
  const categories = await tx.manager.query<CategoryRow[]>(
    `SELECT code, name, items, purpose_codes FROM data_categories`,
  );
  const purposes = await tx.manager.query<{ code: string; name: LocalizedText }[]>(
    `SELECT code, name FROM purposes`,
  );
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const purposeNames = new Map(purposes.map((p) => [p.code, p.name]));
  return {
    category: (code) => byCode.get(code)?.name ?? asIs(code),
    item: (categoryCode, key) =>
      byCode.get(categoryCode)?.items.find((i) => i.key === key)?.label ?? asIs(key),
    itemIn: (categoryCodes, key) => {
      for (const code of categoryCodes) {
        const label = byCode.get(code)?.items.find((i) => i.key === key)?.label;
        if (label) return label;
      }
      return asIs(key);
    },
    purpose: (code) => purposeNames.get(code) ?? asIs(code),
    purposesOf: (categoryCode) => byCode.get(categoryCode)?.purpose_codes ?? [],
  };
}
