import type { RequestContext } from '@daicho/access';
import { BadUserInputError, ConflictError } from '@daicho/platform';
import { RequestKind, RequestOutcome } from '../request-enums';
import type { DecideRequestInput } from './request.inputs';
import { parseItemRef, type Withholding } from './request-withholding';

/**
 * The kinds whose answer tells the person what is held about them: a purposes notice (art.
 * 32(2)), a disclosure (art. 33(1)) and the records of hand-offs (art. 33(5)). What an exemption
 * kept from the person on one of them would come out on the next.
 */
const ANSWERS_WHAT_IS_HELD: readonly RequestKind[] = [
  RequestKind.PURPOSE_NOTICE,
  RequestKind.DISCLOSURE,
  RequestKind.PROVISION_RECORDS,
];

/** What earlier decisions on the same persons hold back under an exemption. */
export interface EarlierExemptions {
  /** The earlier requests' numbers. */
  numbers: string[];
  /** Their ids: what a lift names (`lifted_exemptions_of`). */
  requestIds: string[];
  /**
   * Those that kept everything from the person: a refusal under an exemption, or a PARTIAL one
   * decided before decisions named their part (nothing tells what it held back).
   */
  whole: string[];
  categoryCodes: string[];
  /** `CATEGORY.itemKey`. */
  items: string[];
}

/**
 * The parts that decisions on other requests of this request's persons kept from them under an
 * exemption (a PARTIAL's part, or everything for a refusal) and no decision has lifted by name
 * since: an exemption keeps even their existence from the person (policy a)–d); Enforcement
 * Order art. 5). Decisions on one person are taken one at a time (a lock per person, in id order), so
 * two requests decided at once cannot each miss the other's exemption.
 */
export async function earlierExemptions(
  tx: RequestContext,
  requestId: string,
): Promise<EarlierExemptions> {
  const persons = await tx.manager.query<{ subject_id: string }[]>(
    `SELECT subject_id::text FROM request_subjects WHERE request_id = $1 ORDER BY subject_id`,
    [requestId],
  );
  for (const p of persons)
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `daicho.request-decision:${p.subject_id}`,
    ]);
  const rows = await tx.manager.query<
    {
      id: string;
      number: string;
      outcome: RequestOutcome;
      withheld_categories: string[];
      withheld_items: string[];
    }[]
  >(
    `SELECT DISTINCT r.id::text, r.number, d.outcome, d.withheld_categories, d.withheld_items
       FROM request_subjects mine
       JOIN request_subjects theirs
         ON theirs.subject_id = mine.subject_id AND theirs.request_id <> mine.request_id
       JOIN request_decisions d ON d.request_id = theirs.request_id
       JOIN data_subject_requests r ON r.id = d.request_id
      WHERE mine.request_id = $1 AND d.outcome IN ('PARTIAL', 'REFUSE') AND d.exemption IS NOT NULL
        -- Lifted by name by a decision that saw it (not by time: a transaction's now() is when
        -- it began, before it waited for the person's lock).
        AND NOT EXISTS (SELECT 1 FROM request_decisions l WHERE d.request_id = ANY(l.lifted_exemptions_of))
      ORDER BY r.number`,
    [requestId],
  );
  const union = (pick: (r: (typeof rows)[number]) => string[]) =>
    [...new Set(rows.flatMap(pick))].sort();
  return {
    numbers: rows.map((r) => r.number),
    requestIds: rows.map((r) => r.id),
    whole: rows
      .filter(
        (r) =>
          r.outcome === RequestOutcome.REFUSE ||
          r.withheld_categories.length + r.withheld_items.length === 0,
      )
      .map((r) => r.number),
    categoryCodes: union((r) => r.withheld_categories),
    items: union((r) => r.withheld_items),
  };
}

/**
 * A decision that answers what is held must hold back again, under an exemption, what an earlier
 * exemption kept from the same person, or lift it expressly (`liftEarlierExemptions`, recorded
 * with the decision) once its grounds no longer hold. Refused as CONFLICT naming the requests and
 * the codes (catalog codes, never values).
 */
export function refuseUncarriedExemptions(
  kind: RequestKind,
  input: DecideRequestInput,
  withheld: Withholding,
  earlier: EarlierExemptions,
): void {
  if (input.liftEarlierExemptions && !ANSWERS_WHAT_IS_HELD.includes(kind))
    throw new BadUserInputError(
      `liftEarlierExemptions is for a request that answers what is held (${ANSWERS_WHAT_IS_HELD.join(', ')}), not ${kind}.`,
      ['liftEarlierExemptions'],
    );
  if (input.outcome === RequestOutcome.REFUSE || input.liftEarlierExemptions) return;
  if (!ANSWERS_WHAT_IS_HELD.includes(kind)) return;
  if (earlier.whole.length > 0)
    throw new ConflictError(
      `Request ${earlier.whole.join(', ')} kept all of this person's data from them under an exemption: refuse this one too, or set liftEarlierExemptions if its grounds no longer hold.`,
    );
  // A purposes notice is given per category: an item held back alone names no purpose.
  const relevantItems = kind === RequestKind.PURPOSE_NOTICE ? [] : earlier.items;
  if (earlier.categoryCodes.length + relevantItems.length === 0) return;
  const categories = earlier.categoryCodes.filter((c) => !withheld.categoryCodes.includes(c));
  const items = relevantItems.filter(
    (i) =>
      !withheld.items.includes(i) && !withheld.categoryCodes.includes(parseItemRef(i).categoryCode),
  );
  // Held back without an exemption, the answer would name the part as declined.
  if (categories.length + items.length === 0 && input.exemption) return;
  const named = (codes: string[], refs: string[]) =>
    [
      codes.length > 0 ? `categories ${codes.join(', ')}` : '',
      refs.length > 0 ? `items ${refs.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
  const part =
    categories.length + items.length > 0
      ? named(categories, items)
      : named(earlier.categoryCodes, relevantItems);
  throw new ConflictError(
    `Request ${earlier.numbers.join(', ')} kept part of this person's data from them under an exemption: decide PARTIAL with an exemption that holds back ${part || 'that part'} again, or set liftEarlierExemptions if its grounds no longer hold.`,
  );
}
