import { policySubject, type RequestContext } from '@daicho/access';
import type { LedgerEntryInput } from '@daicho/ledger';
import { BadUserInputError, ConflictError, NotFoundError, LedgerAction } from '@daicho/platform';
import { calendarDate } from '@daicho/platform';
import { ProvisionStatus, needsApproval, type ProvisionRoute } from '../provision-enums';
import type { ProvisionRuleRow } from '../rule/provision-rule.dto';
import type { CoveredSubject } from '../subject-coverage';
import type { HandOffInput, RecordProvisionInput } from './provision.dto';

/**
 * The pure rules of a provision to a third party (APPI arts. 27–29): no database, no ledger.
 * Each check throws the refusal the caller sees, or returns what the hand-off may use.
 */

/** A subject handed over, with the consent it rests on (null off the consent route). */
export type HandedSubject = CoveredSubject & { consentId: string | null };

/** One answer for a provision that is missing or not the caller's to read. */
export function notFound(id: string): NotFoundError {
  return new NotFoundError(`There is no provision ${id} you may read.`);
}

/** A hand-off goes under a rule of the catalog that is still in force. */
export function activeRule(rule: ProvisionRuleRow | undefined, code: string): ProvisionRuleRow {
  if (!rule) throw new BadUserInputError(`There is no provision rule ${code}.`, ['ruleCode']);
  if (rule.retired_at) {
    throw new BadUserInputError(`Provision rule ${code} is retired.`, ['ruleCode']);
  }
  return rule;
}

/** The party must be of the recipient the rule was made for. */
export function checkRecipient(
  rule: ProvisionRuleRow,
  party: { id: string; recipient_code: string | null },
): void {
  if (party.recipient_code !== rule.recipient_code) {
    throw new BadUserInputError(
      `Party ${party.id} is not a ${rule.recipient_code} recipient, which rule ${rule.code} is for.`,
      ['partyId'],
    );
  }
}

/** The items handed over: each one the rule allows, none twice. */
export function checkItems(rule: ProvisionRuleRow, items: readonly string[]): void {
  const outside = items.find((item) => !rule.items.includes(item));
  if (outside) {
    throw new BadUserInputError(
      `${outside} is not an item rule ${rule.code} allows (${rule.items.join(', ')}); nothing was recorded.`,
      ['items'],
    );
  }
  if (new Set(items).size !== items.length) {
    throw new BadUserInputError('items names an item twice.', ['items']);
  }
}

/**
 * A record is never changed; a correction is a new record that names the one it corrects and
 * says why. Returns the id of the corrected record, if any.
 */
export function checkCorrection(
  input: Pick<RecordProvisionInput, 'correctsId' | 'correctionNote'>,
): string | undefined {
  if (input.correctsId) {
    if (!input.correctionNote) {
      throw new BadUserInputError('A correction needs a correctionNote.', ['correctionNote']);
    }
    return input.correctsId;
  }
  if (input.correctionNote) {
    throw new BadUserInputError('correctionNote belongs to a correction (correctsId).', [
      'correctionNote',
    ]);
  }
  return undefined;
}

/** A hand-off took place (not in the future) by one of the rule's methods. */
export function checkHandOffShape(
  rule: ProvisionRuleRow,
  handOff: Pick<HandOffInput, 'handedOn' | 'method'>,
  field: string,
): void {
  calendarDate(handOff.handedOn, `${field}.handedOn`);
  if (!rule.methods.includes(handOff.method)) {
    throw new BadUserInputError(
      `Rule ${rule.code} allows ${rule.methods.join(', ')}, not ${handOff.method}.`,
      [`${field}.method`],
    );
  }
}

/** The rule's categories the caller's role may provide (empty: the hand-off is refused). */
export function providableCategories(ctx: RequestContext, rule: ProvisionRuleRow): string[] {
  return rule.category_codes.filter((categoryCode) =>
    ctx.ability.can('create', policySubject('Provision', { categoryCode })),
  );
}

/**
 * On the consent route (APPI art. 27(1)) every person needs a consent to the rule, given by the
 * end of the hand-off's day and not withdrawn; `consentOf` maps a subject to that consent.
 */
export function withConsents(
  rule: ProvisionRuleRow,
  handOff: Pick<HandOffInput, 'handedOn'>,
  subjects: readonly CoveredSubject[],
  consentOf: ReadonlyMap<string, string>,
  field: string,
): HandedSubject[] {
  return subjects.map((s, index) => {
    const consentId = consentOf.get(s.subjectId);
    if (!consentId) {
      throw new BadUserInputError(
        `${field}.subjectIds[${index}] has no consent to ${rule.code} on record for ${handOff.handedOn}; nothing was recorded.`,
        [`${field}.subjectIds.${index}`],
      );
    }
    return { ...s, consentId };
  });
}

/**
 * A further hand-off goes under a collective record on the consent route only. An exception
 * route's approval (APPI art. 27(1)) covers the persons the CPO decided on: more people go under
 * a new record, decided anew, never added to an approved one.
 */
export function checkAddable(provisionId: string, collective: boolean, status: ProvisionStatus) {
  if (!collective) {
    throw new ConflictError(
      `Provision ${provisionId} is not a collective record; record a new provision instead.`,
    );
  }
  if (status === ProvisionStatus.APPROVED) {
    throw new ConflictError(
      `Provision ${provisionId} was approved for the persons it named; record a new provision for others (the CPO decides it).`,
    );
  }
  if (status === ProvisionStatus.PENDING_APPROVAL || status === ProvisionStatus.REJECTED) {
    throw new ConflictError(`Provision ${provisionId} is ${status}; no hand-off may be added.`);
  }
}

/** Only an exception-route provision is decided, and only once. */
export function checkDecidable(provisionId: string, route: ProvisionRoute, decided: boolean) {
  if (!needsApproval(route)) {
    throw new ConflictError(`Provision ${provisionId} rests on consent; it needs no approval.`);
  }
  if (decided) throw new ConflictError(`Provision ${provisionId} was decided.`);
}

/** One person handed over: a PROVIDE entry (who, which items, to whom; never the values). */
export function provideEntry(
  provisionId: string,
  handOffId: string,
  items: string[],
  partyId: string,
  purposeCode: string | null,
  s: CoveredSubject,
): LedgerEntryInput {
  return {
    action: LedgerAction.PROVIDE,
    targetType: 'Provision',
    targetId: provisionId,
    subjectId: s.subjectId,
    categoryCode: s.categoryCode,
    // The catalog purpose the rule serves (APPI art. 17: the use is tied to a stated purpose).
    purposeCode: purposeCode ?? undefined,
    fields: items,
    details: { handOff: handOffId, party: partyId },
  };
}
