import { COMPANY_CATEGORIES } from '@daicho/inventory';
import { checkValues } from './record-values';

const employee = COMPANY_CATEGORIES.find((c) => c.code === 'EMPLOYEE')!.items;
const recording = COMPANY_CATEGORIES.find((c) => c.code === 'CALL_RECORDING')!.items;

describe('record values against the category items', () => {
  it('accepts typed values for known items', () => {
    expect(() =>
      checkValues(employee, { name: '山田花子', dateOfBirth: '1990-04-01' }),
    ).not.toThrow();
  });
  it('names unknown, binary, missing and mistyped items without echoing values', () => {
    expect(() => checkValues(employee, { name: 'x', shoeSize: '27' })).toThrow(
      /not items of the category: shoeSize/,
    );
    expect(() => checkValues(employee, { name: 'x', faceImage: 'data' })).toThrow(
      /faceImage is uploaded as a file/,
    );
    expect(() => checkValues(employee, { address: 'x' })).toThrow(
      /Required items are missing: name/,
    );
    expect(() => checkValues(employee, { name: 'x', dateOfBirth: '1990-02-30' })).toThrow(
      /dateOfBirth \(DATE\)/,
    );
    expect(() => checkValues(recording, { callTime: 'yesterday' })).toThrow(
      /callTime \(DATETIME\)/,
    );
    // The refusal names the item and its type, never the value sent.
    expect.assertions(7);
    try {
      checkValues(employee, { name: 'x', dateOfBirth: 'secret-value' });
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect((error as Error).message).not.toContain('secret-value');
    }
  });
  it('allows a partial change to leave required items out', () => {
    expect(() => checkValues(employee, { address: 'x' }, true)).not.toThrow();
  });
});
