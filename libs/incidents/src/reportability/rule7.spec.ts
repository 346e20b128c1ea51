import { Rule7Basis, Rule7Ground } from '../incident-enums';
import { decideReportability, type Rule7Facts } from './rule7';

const none: Rule7Facts = {
  basis: Rule7Basis.SCOPE,
  persons: 0,
  myNumber: false,
  myNumberPersons: 0,
  specialCare: false,
  financialDamageRisk: false,
  wrongfulPurpose: false,
  encryptionExempt: false,
};

describe('PPC Rule 7: reportability from what was affected', () => {
  it.each<[string, Partial<Rule7Facts>, boolean, Rule7Ground[]]>([
    ['1 special-care record', { persons: 1, specialCare: true }, true, [Rule7Ground.SPECIAL_CARE]],
    ['999 ordinary persons', { persons: 999 }, false, []],
    ['1,000 ordinary persons (not more than 1,000)', { persons: 1000 }, false, []],
    ['1,001 ordinary persons', { persons: 1001 }, true, [Rule7Ground.OVER_1000_PERSONS]],
    [
      'a bank account of one person',
      { persons: 1, financialDamageRisk: true },
      true,
      [Rule7Ground.FINANCIAL_DAMAGE],
    ],
    [
      'a wrongful purpose with 1 person',
      { persons: 1, wrongfulPurpose: true },
      true,
      [Rule7Ground.WRONGFUL_PURPOSE],
    ],
    ['a wrongful purpose, a scope with no one in it', { wrongfulPurpose: true }, false, []],
    [
      'no scope yet, the categories hold special-care items: may have',
      { basis: Rule7Basis.DECLARED_CATEGORIES, specialCare: true },
      true,
      [Rule7Ground.SPECIAL_CARE],
    ],
    [
      'no scope yet, a wrongful purpose: may have',
      { basis: Rule7Basis.DECLARED_CATEGORIES, wrongfulPurpose: true },
      true,
      [Rule7Ground.WRONGFUL_PURPOSE],
    ],
    [
      'no scope yet, ordinary categories: not (yet)',
      { basis: Rule7Basis.DECLARED_CATEGORIES },
      false,
      [],
    ],
    [
      'found that no personal data was affected, whatever the categories and purpose',
      { basis: Rule7Basis.NO_PERSONAL_DATA, specialCare: true, wrongfulPurpose: true },
      false,
      [],
    ],
    ['My Number of 100 persons', { persons: 100, myNumber: true, myNumberPersons: 100 }, false, []],
    [
      'My Number of 101 persons',
      { persons: 101, myNumber: true, myNumberPersons: 101 },
      true,
      [Rule7Ground.MY_NUMBER_ACT],
    ],
    [
      '150 persons, one of them with My Number',
      { persons: 150, myNumber: true, myNumberPersons: 1 },
      false,
      [],
    ],
    [
      'My Number of 1 person with a wrongful purpose',
      { persons: 1, myNumber: true, wrongfulPurpose: true },
      true,
      [Rule7Ground.WRONGFUL_PURPOSE, Rule7Ground.MY_NUMBER_ACT],
    ],
    [
      'every ground at once',
      { persons: 1500, specialCare: true, financialDamageRisk: true, wrongfulPurpose: true },
      true,
      [
        Rule7Ground.SPECIAL_CARE,
        Rule7Ground.FINANCIAL_DAMAGE,
        Rule7Ground.WRONGFUL_PURPOSE,
        Rule7Ground.OVER_1000_PERSONS,
      ],
    ],
  ])('%s', (_, facts, reportable, grounds) => {
    const decided = decideReportability({ ...none, ...facts });
    expect(decided.reportable).toBe(reportable);
    expect(decided.reasons.map((r) => r.rule)).toEqual(grounds);
    for (const reason of decided.reasons) expect(reason.evidence.length).toBeGreaterThan(10);
    expect(decided.exempt).toBe(false);
  });

  it('exempts data under high-grade encryption whose key is safe, and says why', () => {
    const decided = decideReportability({
      ...none,
      persons: 1,
      specialCare: true,
      encryptionExempt: true,
    });
    expect(decided).toMatchObject({ reportable: false, exempt: true });
    expect(decided.reasons.map((r) => r.rule)).toEqual([Rule7Ground.SPECIAL_CARE]);
    expect(decided.exemptionReason).toContain('high-grade encryption');
  });
});
