import { Rule7Ground } from '../incident-enums';

/** What PPC Rule 7 is decided from: the incident's own facts and its scope's. */
export interface Rule7Facts {
  persons: number;
  specialCare: boolean;
  financialDamageRisk: boolean;
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
  reportable: boolean;
  reasons: Rule7Reason[];
  exempt: boolean;
  exemptionReason: string | null;
}

/** More than this many persons is reportable whatever the data (Rule 7(iv)). */
export const PERSONS_THRESHOLD = 1000;

/**
 * Whether an incident must be reported to the PPC and the persons told (APPI art. 26; PPC Rule
 * 7), with every ground that holds and what shows it. Grounds (i)–(iii) apply from one person,
 * (iv) above 1,000. Data under high-grade encryption whose key did not leak is not "personal data
 * leaked" in the Rule's sense: exempt, the grounds still listed so the decision can be checked.
 */
export function decideReportability(facts: Rule7Facts): Reportability {
  const reasons: Rule7Reason[] = [];
  const anyone = facts.persons > 0;
  if (facts.specialCare && anyone)
    reasons.push({
      rule: Rule7Ground.SPECIAL_CARE,
      evidence: `special-care-required items are in the scope (${facts.persons} person(s))`,
    });
  if (facts.financialDamageRisk && anyone)
    reasons.push({
      rule: Rule7Ground.FINANCIAL_DAMAGE,
      evidence: `items whose misuse may cause property damage are in the scope (${facts.persons} person(s))`,
    });
  if (facts.wrongfulPurpose && anyone)
    reasons.push({
      rule: Rule7Ground.WRONGFUL_PURPOSE,
      evidence: 'the incident may have been caused with a wrongful purpose',
    });
  if (facts.persons > PERSONS_THRESHOLD)
    reasons.push({
      rule: Rule7Ground.OVER_1000_PERSONS,
      evidence: `${facts.persons} persons are in the scope (more than ${PERSONS_THRESHOLD})`,
    });
  const exempt = facts.encryptionExempt;
  return {
    reportable: reasons.length > 0 && !exempt,
    reasons,
    exempt,
    exemptionReason: exempt
      ? 'The data was protected by high-grade encryption and its key did not leak (PPC Rule 7, the parenthesis of each item).'
      : null,
  };
}
