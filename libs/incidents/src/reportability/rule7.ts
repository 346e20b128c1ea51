import { Rule7Basis, Rule7Ground } from '../incident-enums';

/** What PPC Rule 7 is decided from: the incident's own facts and its scope's (or categories'). */
export interface Rule7Facts {
  basis: Rule7Basis;
  /** Persons in the scope (0 while the basis is the declared categories: not known yet). */
  persons: number;
  specialCare: boolean;
  financialDamageRisk: boolean;
  myNumber: boolean;
  /** Persons whose affected items include My Number (0 while the basis is not the scope). */
  myNumberPersons: number;
  wrongfulPurpose: boolean;
  /** High-grade encryption whose key did not leak (the exemption in Rule 7's items). */
  encryptionExempt: boolean;
}

export interface Rule7Reason {
  rule: Rule7Ground;
  /** What in the scope or the incident makes the ground hold, in words for the report. */
  evidence: string;
}

export interface Reportability {
  basis: Rule7Basis;
  reportable: boolean;
  reasons: Rule7Reason[];
  exempt: boolean;
  exemptionReason: string | null;
}

/** More than this many persons is reportable whatever the data (Rule 7(iv)). */
export const PERSONS_THRESHOLD = 1000;
/** More than this many persons' My Number data is reportable (PPC rule under the My Number Act, art. 2). */
export const MY_NUMBER_PERSONS_THRESHOLD = 100;

/**
 * Whether an incident must be reported to the PPC and the persons told (APPI art. 26; PPC Rule
 * 7), with every ground that holds and what shows it. Grounds (i)–(iii) apply from one person,
 * (iv) above 1,000. The Rule counts what "may have" leaked: until a scope is established the
 * categories the incident concerns decide (i)–(iii), as if any of their records were involved;
 * a finding that no personal data was affected decides nothing is reportable. Data under
 * high-grade encryption whose key did not leak is not "personal data leaked" in the Rule's
 * sense: exempt, the grounds still listed so the decision can be checked.
 */
export function decideReportability(facts: Rule7Facts): Reportability {
  const reasons: Rule7Reason[] = [];
  const declared = facts.basis === Rule7Basis.DECLARED_CATEGORIES;
  const anyone = declared || (facts.basis === Rule7Basis.SCOPE && facts.persons > 0);
  const who = declared
    ? 'in the categories the incident concerns, no scope established yet'
    : `in the scope (${facts.persons} person(s))`;
  if (facts.specialCare && anyone)
    reasons.push({
      rule: Rule7Ground.SPECIAL_CARE,
      evidence: `special-care-required items may have been involved: they are ${who}`,
    });
  if (facts.financialDamageRisk && anyone)
    reasons.push({
      rule: Rule7Ground.FINANCIAL_DAMAGE,
      evidence: `items whose misuse may cause property damage may have been involved: they are ${who}`,
    });
  if (facts.wrongfulPurpose && anyone)
    reasons.push({
      rule: Rule7Ground.WRONGFUL_PURPOSE,
      evidence: 'the incident may have been caused with a wrongful purpose',
    });
  if (facts.basis === Rule7Basis.SCOPE && facts.persons > PERSONS_THRESHOLD)
    reasons.push({
      rule: Rule7Ground.OVER_1000_PERSONS,
      evidence: `${facts.persons} persons are in the scope (more than ${PERSONS_THRESHOLD})`,
    });
  const manyMyNumbers =
    facts.basis === Rule7Basis.SCOPE && facts.myNumberPersons > MY_NUMBER_PERSONS_THRESHOLD;
  if (facts.myNumber && anyone && (facts.wrongfulPurpose || manyMyNumbers))
    reasons.push({
      rule: Rule7Ground.MY_NUMBER_ACT,
      evidence: facts.wrongfulPurpose
        ? `My Number items may have been involved (${declared ? 'declared categories' : `${facts.persons} person(s)`}) with a wrongful purpose: report under the My Number Act as well`
        : `My Number items of ${facts.myNumberPersons} persons are in the scope (more than ${MY_NUMBER_PERSONS_THRESHOLD}): report under the My Number Act as well`,
    });
  const exempt = facts.encryptionExempt && facts.basis !== Rule7Basis.NO_PERSONAL_DATA;
  return {
    basis: facts.basis,
    reportable: reasons.length > 0 && !exempt,
    reasons,
    exempt,
    exemptionReason: exempt
      ? 'The data was protected by high-grade encryption and its key did not leak (PPC Rule 7, the parenthesis of each item).'
      : null,
  };
}
