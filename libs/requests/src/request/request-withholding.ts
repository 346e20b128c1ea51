import type { RequestContext } from '@daicho/access';
import { BadUserInputError } from '@daicho/platform';
import { RequestKind, RequestOutcome } from '../request-enums';
import { SuspensionMeasure, type DecideRequestInput } from './request.inputs';

/**
 * What a PARTIAL decision holds back: the law lets the company decline "all or part" of a
 * request on its grounds (APPI arts. 33(2), 34(2), 35), and the part it declines must be named,
 * kept with the decision, and left out by the execution, the letters and the disclosure package.
 */
export interface Withholding {
  /** Whole categories: none of their records, items, accesses or hand-offs is answered. */
  categoryCodes: readonly string[];
  /** Single items, as `CATEGORY.itemKey`. */
  items: readonly string[];
  /**
   * Whether the answer may name what it holds back: not under an exemption, which keeps even the
   * existence of the data from the person (policy a)–d); Enforcement Order art. 5).
   */
  named: boolean;
}

export const NOTHING_WITHHELD: Withholding = { categoryCodes: [], items: [], named: true };

/** An item held back, as the decision keeps it: `CATEGORY.itemKey` (codes and keys hold no dot). */
export const itemRef = (i: { categoryCode: string; itemKey: string }): string =>
  `${i.categoryCode}.${i.itemKey}`;

/** The category and key of a kept `CATEGORY.itemKey`. */
export function parseItemRef(ref: string): { categoryCode: string; itemKey: string } {
  const [categoryCode = '', itemKey = ''] = ref.split('.');
  return { categoryCode, itemKey };
}

/** What each kind can hold back; the others are refused at the decision. */
const WITHHOLDABLE: Record<RequestKind, { categories: boolean; items: boolean }> = {
  // Purposes are stated per category.
  [RequestKind.PURPOSE_NOTICE]: { categories: true, items: false },
  [RequestKind.DISCLOSURE]: { categories: true, items: true },
  [RequestKind.PROVISION_RECORDS]: { categories: true, items: true },
  [RequestKind.CORRECTION]: { categories: true, items: true },
  // Records are erased whole, and only an erasure keeps some categories (the suspension mark
  // is on the whole person).
  [RequestKind.SUSPENSION_OR_ERASURE]: { categories: true, items: false },
  // The stop is marked on the whole person.
  [RequestKind.STOP_PROVISION]: { categories: false, items: false },
};

/** A problem with the decision's input, and the input field it is about. */
export interface DecisionProblem {
  message: string;
  field: string;
}

const problem = (message: string, field: string): DecisionProblem => ({ message, field });

/** The withheld part and the measure must fit the outcome and the kind (checked before any read). */
export function problemWithWithholding(
  kind: RequestKind,
  input: DecideRequestInput,
): DecisionProblem | null {
  const measureProblem = problemWithMeasure(kind, input);
  if (measureProblem) return measureProblem;
  const withheld = input.withheld;
  if (input.outcome !== RequestOutcome.PARTIAL) {
    return withheld
      ? problem(`withheld is for a PARTIAL decision, not ${input.outcome}.`, 'withheld')
      : null;
  }
  const can = WITHHOLDABLE[kind];
  if (!can.categories && !can.items)
    return problem(
      `outcome: a ${kind} is marked on the whole person, so it is complied with or refused as a whole.`,
      'outcome',
    );
  const codes = withheld?.categoryCodes ?? [];
  const items = withheld?.items ?? [];
  if (codes.length + items.length === 0)
    return problem(
      'withheld: a PARTIAL decision names the part it holds back (categories, items or both; APPI art. 33(2)).',
      'withheld',
    );
  if (items.length > 0 && !can.items)
    return problem(
      `withheld.items: a ${kind} holds back whole categories, not single items.`,
      'withheld.items',
    );
  if (new Set(codes).size !== codes.length)
    return problem('withheld.categoryCodes names a category twice.', 'withheld.categoryCodes');
  const keys = items.map(itemRef);
  if (new Set(keys).size !== keys.length)
    return problem('withheld.items names an item twice.', 'withheld.items');
  const inWhole = items.findIndex((i) => codes.includes(i.categoryCode));
  if (inWhole >= 0)
    return problem(
      `withheld.items[${inWhole}] is in a category already held back whole.`,
      `withheld.items.${inWhole}`,
    );
  return null;
}

/**
 * A SUSPENSION_OR_ERASURE complied with says which measure (art. 35(1)): the decision fixes it and
 * the execution carries it out. Holding categories back needs ERASE: a suspension of use is
 * marked on the whole person.
 */
function problemWithMeasure(kind: RequestKind, input: DecideRequestInput): DecisionProblem | null {
  if (input.measure === undefined || input.measure === null) {
    if (kind === RequestKind.SUSPENSION_OR_ERASURE && input.outcome === RequestOutcome.PARTIAL)
      return problem(
        'measure: say ERASE; a PARTIAL suspension or erasure is an erasure.',
        'measure',
      );
    return null;
  }
  if (kind !== RequestKind.SUSPENSION_OR_ERASURE)
    return problem(`measure is for a SUSPENSION_OR_ERASURE, not ${kind}.`, 'measure');
  if (input.outcome === RequestOutcome.REFUSE)
    return problem('measure: a refusal carries nothing out.', 'measure');
  if (input.outcome === RequestOutcome.PARTIAL && input.measure !== SuspensionMeasure.ERASE)
    return problem(
      'measure: a suspension of use is marked on the whole person; holding categories back needs ERASE.',
      'measure',
    );
  return null;
}

/**
 * Every category held back is one of the catalog's, and every item one of its category's: a
 * decision naming nothing real would withhold nothing. Messages name the position, never the text.
 */
export async function checkWithholdingAgainstCatalog(
  tx: RequestContext,
  input: DecideRequestInput,
): Promise<void> {
  const withheld = input.withheld;
  if (!withheld) return;
  const codes = [
    ...new Set([...withheld.categoryCodes, ...withheld.items.map((i) => i.categoryCode)]),
  ];
  const rows = await tx.manager.query<{ code: string; keys: string[] }[]>(
    `SELECT c.code, ARRAY(SELECT i->>'key' FROM jsonb_array_elements(c.items) i) AS keys
       FROM data_categories c WHERE c.code = ANY($1::text[])`,
    [codes],
  );
  const itemsOf = new Map(rows.map((r) => [r.code, new Set(r.keys)]));
  const unknown = withheld.categoryCodes.findIndex((code) => !itemsOf.has(code));
  if (unknown >= 0)
    throw new BadUserInputError(
      `withheld.categoryCodes[${unknown}] is not a category of the management ledger.`,
      [`withheld.categoryCodes.${unknown}`],
    );
  const stranger = withheld.items.findIndex((i) => !itemsOf.get(i.categoryCode)?.has(i.itemKey));
  if (stranger >= 0)
    throw new BadUserInputError(
      `withheld.items[${stranger}] is not an item of its category in the management ledger.`,
      [`withheld.items.${stranger}`],
    );
}

/** The part as stored with the decision, from its input. */
export function withholdingOf(input: DecideRequestInput): Withholding {
  if (input.outcome !== RequestOutcome.PARTIAL || !input.withheld) return NOTHING_WITHHELD;
  return {
    categoryCodes: [...input.withheld.categoryCodes].sort(),
    items: input.withheld.items.map(itemRef).sort(),
    named: !input.exemption,
  };
}

/** The decided part of a request (nothing for a COMPLY, or before the decision). */
export async function decidedWithholding(
  tx: RequestContext,
  requestId: string,
): Promise<Withholding> {
  const [row] = await tx.manager.query<
    { withheld_categories: string[]; withheld_items: string[]; exemption: string | null }[]
  >(
    `SELECT withheld_categories, withheld_items, exemption FROM request_decisions WHERE request_id = $1`,
    [requestId],
  );
  if (!row) return NOTHING_WITHHELD;
  return {
    categoryCodes: row.withheld_categories,
    items: row.withheld_items,
    named: row.exemption === null,
  };
}

/** Whether the whole category is held back. */
export const withholdsCategory = (w: Withholding, categoryCode: string): boolean =>
  w.categoryCodes.includes(categoryCode);

/** The item keys of `categoryCode` held back one by one. */
export function withheldItemsOf(w: Withholding, categoryCode: string): Set<string> {
  const prefix = `${categoryCode}.`;
  return new Set(w.items.filter((i) => i.startsWith(prefix)).map((i) => i.slice(prefix.length)));
}

/** The records the request answers for once whole categories held back are left out. */
export const answeredRecords = <T extends { category_code: string }>(
  records: readonly T[],
  w: Withholding,
): T[] => records.filter((r) => !withholdsCategory(w, r.category_code));
