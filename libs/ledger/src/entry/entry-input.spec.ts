import { LedgerAction } from '@daicho/platform';
import fc from 'fast-check';
import {
  looksLikePersonalData,
  personalDataFromOutside,
  personalDataIn,
  personalDataScanned,
  problemsWithEntry,
} from './entry-input';

const base = {
  action: LedgerAction.READ,
  actor: { kind: 'USER', id: 'u1', role: 'HR' },
  requestId: 'req-12345678',
};

describe('ledger entry input', () => {
  it('answers as the full scan does, short-cut or not', () => {
    // Strings near the short-cut's edges: ASCII with digits and '@', control characters,
    // full-width digits and kana, and ids around them.
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789-@. abcfAZ_:/()\t\n'.split('')) }),
      fc.string({ unit: 'grapheme-ascii' }),
      fc.string({
        unit: fc.constantFrom('０', '９', '＠', 'ア', '山', '\u00a0', '\u0000', '\u007f'),
      }),
      fc.uuid(),
      fc.uuid().map((uuid) => uuid.toUpperCase()),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 4 }), (pieces) => {
        const value = pieces.join('');
        expect(personalDataIn(value)).toBe(personalDataScanned(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('recognises e-mail addresses, phone and My Numbers, Japanese names and addresses, full-width forms too', () => {
    for (const pii of [
      'taro@example.co.jp',
      'mail: a.b+c@x.jp',
      '090-1234-5678',
      'tel 090-1234-5678',
      '+81 3 1234 5678',
      '0312345678',
      'MyNumber:123456789018',
      '山田 花子, 東京都千代田区千代田1-1',
      'ヤマダ ハナコ',
      'hanako＠example．jp',
      '０９０１２３４５６７８',
      '/records/550e8400-e29b-41d4-a716-446655440000/items/hanako.yamada@example.jp',
      '4111111111111111', // a card number: sixteen digits, no hex letter
    ]) {
      expect([pii, looksLikePersonalData(pii)]).toEqual([pii, true]);
    }
    for (const fine of [
      '550e8400-e29b-41d4-a716-446655440000',
      'c0ffee1234567890c0ffee1234567890c0ffee1234567890c0ffee1234567890',
      '2026-11-26',
      '2026-11-26T09:30:00.000Z',
      '12345',
      'EMPLOYEE',
      'wrong password',
      'GET /records/:id/items/:item',
      '1234567890123abc', // a master key id (16 hex) whose digits happen to run long
    ]) {
      expect([fine, looksLikePersonalData(fine)]).toEqual([fine, false]);
    }
    expect(personalDataIn('090-1234-5678')).toBe('a phone number or another personal number');
  });

  it('counts a short hex token’s digits in a value from outside, not in the server’s own', () => {
    const phone = 'a phone number or another personal number';
    expect(personalDataIn('09012345678ABCDE')).toBeNull(); // a key id's shape, the server's
    expect(personalDataFromOutside('09012345678ABCDE')).toBe(phone);
    expect(personalDataFromOutside('TEL-09012345678')).toBe(phone);
    // Whole UUIDs and digests are still no phone numbers; short codes pass.
    expect(personalDataFromOutside('550E8400-E29B-41D4-A716-446655440000')).toBeNull();
    expect(personalDataFromOutside('a'.repeat(8) + '1234567890'.repeat(3) + 'ff')).toBeNull();
    expect(personalDataFromOutside('TOKYO_HQ')).toBeNull();
    // An integration's own hex ids pass, however their digits fall, unless a run is shaped like
    // a phone, My Number or a card number.
    expect(personalDataFromOutside('1234567890ABCDEF')).toBeNull();
    expect(personalDataFromOutside('5F3A1234567890BC')).toBeNull();
    expect(personalDataFromOutside('123456789012ABCD')).toBe(phone); // twelve: My Number
    expect(personalDataFromOutside('4111111111111111AB')).toBe(phone); // a card number
    expect(personalDataFromOutside('TERM-09012345678ABCDE')).toBe(phone);
  });

  it('accepts a well-formed entry', () => {
    expect(
      problemsWithEntry({
        ...base,
        subjectId: '550e8400-e29b-41d4-a716-446655440000',
        categoryCode: 'EMPLOYEE',
        purposeCode: 'PERSONNEL_ADMIN',
        fields: ['name', 'address'],
        details: { count: 3, reason: 'annual review', tags: ['a', 'b'], flag: true, none: null },
      }),
    ).toEqual([]);
  });

  it('names each problem and its field, never the value, personal data in details included', () => {
    const problems = problemsWithEntry({
      ...base,
      action: 'read' as LedgerAction,
      subjectId: 'taro',
      categoryCode: 'employee',
      fields: ['bad name'],
      details: { email: 'taro@example.co.jp', phone: '090-1234-5678', 'bad key': 1, n: Infinity },
    });
    expect(problems).toEqual([
      { field: 'action', problem: 'action must be UPPER_SNAKE_CASE' },
      { field: 'subjectId', problem: 'subjectId must be a pseudonymous UUID' },
      { field: 'categoryCode', problem: 'categoryCode must be an UPPER_SNAKE code' },
      { field: 'fields', problem: 'a field name is not a plain name' },
      {
        field: 'details.email',
        problem: 'details.email looks like personal data (an e-mail address)',
      },
      {
        field: 'details.phone',
        problem:
          'details.phone looks like personal data (a phone number or another personal number)',
      },
      { field: 'details', problem: 'a details key is not a plain name' },
      { field: 'details.n', problem: 'details.n is not a finite number' },
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/taro|090|bad name/);
  });

  it('refuses a request id that looks like a phone number, in every NODE_ENV', () => {
    expect(problemsWithEntry({ ...base, requestId: '09012345678' })).toEqual([
      {
        field: 'requestId',
        problem: 'requestId looks like personal data (a phone number or another personal number)',
      },
    ]);
  });
});
