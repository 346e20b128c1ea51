import { COMPANY_CATEGORIES } from '../seed/company-categories';
import { assertPurposeItemsFit, neededItems } from './purpose-items';

describe("purposes' needed items (deny by default)", () => {
  it('every seeded category names, for each of its purposes, only its own items', () => {
    for (const category of COMPANY_CATEGORIES) {
      expect(() => assertPurposeItemsFit(category)).not.toThrow();
      expect(category.purposeItems!.map((p) => p.purposeCode)).toEqual(category.purposeCodes);
      for (const p of category.purposeItems!) expect(p.itemKeys.length).toBeGreaterThan(0);
    }
  });

  it('entrance approval needs what policy §3.1 provides, and not the bank account', () => {
    const employee = COMPANY_CATEGORIES.find((c) => c.code === 'EMPLOYEE')!;
    expect([...neededItems(employee, 'ENTRANCE_APPROVAL')].sort()).toEqual(
      ['department', 'email', 'faceImage', 'name', 'phone', 'position', 'qualifications'].sort(),
    );
    expect(neededItems(employee, 'STATUTORY_PROCEDURES').has('myNumber')).toBe(true);
    expect(neededItems(employee, 'PERSONNEL_ADMIN').has('myNumber')).toBe(false);
    expect(neededItems(employee, 'DATA_SUBJECT_REQUEST').size).toBe(employee.items.length);
    expect(neededItems({ purposeItems: null }, 'ENTRANCE_APPROVAL').size).toBe(0);
  });

  it('refuses unknown item keys and purposes the category does not have', () => {
    const base = { items: [{ key: 'name' }], purposeCodes: ['RECRUITMENT'] };
    const fit = (purposeItems: { purposeCode: string; itemKeys: string[] }[]) => () =>
      assertPurposeItemsFit({ ...base, purposeItems });
    expect(fit([{ purposeCode: 'RECRUITMENT', itemKeys: ['bankAccount'] }])).toThrow(
      /not items of the category/,
    );
    expect(fit([{ purposeCode: 'CRIME_PREVENTION', itemKeys: ['name'] }])).toThrow(
      /not one of the category's purposes/,
    );
    expect(
      fit([
        { purposeCode: 'RECRUITMENT', itemKeys: ['name'] },
        { purposeCode: 'RECRUITMENT', itemKeys: [] },
      ]),
    ).toThrow(/twice/);
    expect(fit([{ purposeCode: 'RECRUITMENT', itemKeys: ['name'] }])).not.toThrow();
  });
});
