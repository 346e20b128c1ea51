import { withheldItemsOf, withholdsCategory, type Withholding } from './request-withholding';

interface ProvisionLike {
  art29Required: boolean;
  categoryCodes: string[];
  items: string[];
}
interface ReceiptLike {
  category_codes: string[];
}

/**
 * What the person is answered of their provision and receipt records (APPI art. 33(5)).
 *
 * Art. 33(5) covers the records arts. 29 and 30 require, so only consent-route provisions: a
 * hand-off under an exception of art. 27(1) (laws, the police, public health) or 27(5) needs no
 * record, and telling the person of an inquiry could defeat it (Enforcement Order art. 11).
 * Then the part a PARTIAL decision declined goes: a hand-off left with no category, or with no
 * item, is not answered at all; an item held back in any of a provision's categories is left out.
 */
export function answeredHandOffs<P extends ProvisionLike, R extends ReceiptLike>(
  found: { provisions: P[]; receipts: R[] },
  w: Withholding,
): { provisions: P[]; receipts: R[] } {
  const recorded = found.provisions.filter((p) => p.art29Required);
  if (w.categoryCodes.length + w.items.length === 0) return { ...found, provisions: recorded };
  const provisions = recorded.flatMap((p): P[] => {
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
