import { withheldItemsOf, withholdsCategory, type Withholding } from './request-withholding';

interface ProvisionLike {
  categoryCodes: string[];
  items: string[];
}
interface ReceiptLike {
  category_codes: string[];
}

/**
 * A person's provision and receipt records (APPI art. 33(5)) without the part a PARTIAL decision
 * declined: a hand-off left with no category, or with no item, is not answered at all; an item
 * held back in any of a provision's categories is left out of it.
 */
export function answeredHandOffs<P extends ProvisionLike, R extends ReceiptLike>(
  found: { provisions: P[]; receipts: R[] },
  w: Withholding,
): { provisions: P[]; receipts: R[] } {
  if (w.categoryCodes.length + w.items.length === 0) return found;
  const provisions = found.provisions.flatMap((p): P[] => {
    const categoryCodes = p.categoryCodes.filter((code) => !withholdsCategory(w, code));
    if (categoryCodes.length === 0) return [];
    const declined = new Set(p.categoryCodes.flatMap((code) => [...withheldItemsOf(w, code)]));
    const items = p.items.filter((key) => !declined.has(key));
    if (p.items.length > 0 && items.length === 0) return [];
    return [{ ...p, categoryCodes, items }];
  });
  const receipts = found.receipts.flatMap((r): R[] => {
    const category_codes = r.category_codes.filter((code) => !withholdsCategory(w, code));
    return category_codes.length === 0 ? [] : [{ ...r, category_codes }];
  });
  return { provisions, receipts };
}
