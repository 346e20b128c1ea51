import { withheldItemsOf, withholdsCategory, type Withholding } from './request-withholding';

interface ProvisionLike {
  art29Required: boolean;
  items: string[];
  /** This person's hand-offs, each with the category their data was taken from. */
  handOffs: { categoryCode: string }[];
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
 * Then the part a PARTIAL decision declined goes, judged by the category each hand-off took the
 * person's data from (a rule may cover several): a hand-off from a category held back is not
 * answered; an item held back in that category is left out of its provision, and a provision
 * left with no hand-off or no item is not answered at all.
 */
export function answeredHandOffs<P extends ProvisionLike, R extends ReceiptLike>(
  found: { provisions: P[]; receipts: R[] },
  w: Withholding,
): { provisions: P[]; receipts: R[] } {
  const recorded = found.provisions.filter((p) => p.art29Required);
  if (w.categoryCodes.length + w.items.length === 0) return { ...found, provisions: recorded };
  const provisions = recorded.flatMap((p): P[] => {
    const handOffs = p.handOffs.filter((h) => !withholdsCategory(w, h.categoryCode));
    if (handOffs.length === 0) return [];
    const declined = new Set(handOffs.flatMap((h) => [...withheldItemsOf(w, h.categoryCode)]));
    const items = p.items.filter((key) => !declined.has(key));
    if (items.length === 0) return [];
    return [{ ...p, handOffs, items }];
  });
  const receipts = found.receipts.flatMap((r): R[] => {
    const category_codes = r.category_codes.filter((code) => !withholdsCategory(w, code));
    return category_codes.length === 0 ? [] : [{ ...r, category_codes }];
  });
  return { provisions, receipts };
}
