import { validateSync } from 'class-validator';
import { CATALOG_CODE, IsCatalogCode, isCatalogCode, isItemKey } from './catalog-code';

class Probe {
  @IsCatalogCode('purposeCode')
  purposeCode!: string;
}

describe('catalog codes', () => {
  it.each(['AB', 'RECRUITMENT', 'WEB_INQUIRY_2', 'A'.repeat(64)])('accepts %s', (code) => {
    expect(isCatalogCode(code)).toBe(true);
  });

  it.each(['A', 'recruitment', '_A', 'A-B', 'A'.repeat(65), 'AB\u0000', '', 'ＡＢ'])(
    'refuses %j',
    (code) => expect(CATALOG_CODE.test(code)).toBe(false),
  );

  it('names the field and the form in its message, not the value', () => {
    const probe = Object.assign(new Probe(), { purposeCode: 'secret value' });
    const [error] = validateSync(probe);
    const message = Object.values(error?.constraints ?? {}).join();
    expect(message).toMatch(/^purposeCode must be a catalog code/);
    expect(message).not.toContain('secret value');
  });

  it('item keys are lowerCamelCase', () => {
    expect(isItemKey('dateOfBirth')).toBe(true);
    expect(isItemKey('DateOfBirth')).toBe(false);
    expect(isItemKey('date_of_birth')).toBe(false);
  });
});
