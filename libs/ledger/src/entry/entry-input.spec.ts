import { looksLikePersonalData, problemsWithEntry } from './entry-input';

const base = {
  action: 'READ',
  actor: { kind: 'USER', id: 'u1', role: 'HR' },
  requestId: 'req-12345678',
};

describe('ledger entry input', () => {
  it('recognises e-mail addresses and phone numbers, not ids, dates or counts', () => {
    for (const pii of [
      'taro@example.co.jp',
      'mail: a.b+c@x.jp',
      '090-1234-5678',
      '+81 3 1234 5678',
      '0312345678',
    ]) {
      expect(looksLikePersonalData(pii)).toBe(true);
    }
    for (const fine of [
      '550e8400-e29b-41d4-a716-446655440000',
      '2026-11-26',
      '12345',
      'EMPLOYEE',
      'wrong password',
    ]) {
      expect(looksLikePersonalData(fine)).toBe(false);
    }
  });

  it('accepts a well-formed entry', () => {
    expect(
      problemsWithEntry(
        {
          ...base,
          subjectId: '550e8400-e29b-41d4-a716-446655440000',
          categoryCode: 'EMPLOYEE',
          purposeCode: 'PERSONNEL_ADMIN',
          fields: ['name', 'address'],
          details: { count: 3, reason: 'annual review', tags: ['a', 'b'], flag: true, none: null },
        },
        true,
      ),
    ).toEqual([]);
  });

  it('names each problem, personal data in details included', () => {
    const problems = problemsWithEntry(
      {
        ...base,
        action: 'read',
        subjectId: 'taro',
        categoryCode: 'employee',
        fields: ['bad name'],
        details: { email: 'taro@example.co.jp', phone: '090-1234-5678', 'bad key': 1, n: Infinity },
      },
      true,
    );
    expect(problems).toEqual([
      'action must be UPPER_SNAKE_CASE',
      'subjectId must be a pseudonymous UUID',
      'categoryCode must be an UPPER_SNAKE code',
      'field name "bad name" is not a plain name',
      'details.email looks like personal data (an e-mail address or phone number)',
      'details.phone looks like personal data (an e-mail address or phone number)',
      'details key "bad key" is not a plain name',
      'details.n is not a finite number',
    ]);
    // In production the heuristic is off: the values are the caller's responsibility.
    expect(problemsWithEntry({ ...base, details: { email: 'taro@example.co.jp' } }, false)).toEqual(
      [],
    );
  });
});
