import { canonicalJson } from './canonical-json';
import { ENTRY_FORMAT, canonicalEntryBytes, type StoredEntry } from './ledger-entry';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    // RFC 8785 §3.2.3: "\u20ac" (€) sorts before "\ud83d\ude00" (😀) by code unit, not code point.
    expect(canonicalJson({ '😀': 2, '€': 1, '\r': 0 })).toBe('{"\\r":0,"€":1,"😀":2}');
  });

  it('serialises numbers and strings as ECMAScript does', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 333333333.3333333])).toBe(
      '[1e+21,1e-7,0,0.1,333333333.3333333]',
    );
    expect(canonicalJson('\u2028"\\\u0007')).toBe('"\u2028\\"\\\\\\u0007"');
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
  });

  it('gives the same bytes for the same value built in another key order', () => {
    const a = canonicalJson({ x: 1, y: [1, 2], z: { q: 'a', p: 'b' } });
    const b = canonicalJson({ z: { p: 'b', q: 'a' }, y: [1, 2], x: 1 });
    expect(a).toBe(b);
  });
});

describe('canonicalEntryBytes', () => {
  it('equals RFC 8785 of the whole entry, for entries with every kind of value', () => {
    const base: StoredEntry = {
      seq: 42,
      id: '550e8400-e29b-41d4-a716-446655440000',
      recordedAt: '2026-11-26T11:40:02.123456Z',
      sequencedAt: '2026-11-26T11:40:02.200000Z',
      actorKind: 'USER',
      actorId: 'u-1',
      actorRole: 'HR',
      action: 'READ',
      outcome: 'ALLOWED',
      targetType: null,
      targetId: null,
      subjectId: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
      categoryCode: 'EMPLOYEE',
      purposeCode: 'PERSONNEL_ADMIN',
      fields: ['name', 'address'],
      requestId: 'req-1',
      clientEventId: null,
      occurredAt: null,
      details: { z: [1, 'two'], a: { nested: true, n: 1.5 }, '€': 'x', '\u2028': null },
      prevHash: '0'.repeat(64),
    };
    for (const entry of [
      base,
      { ...base, fields: [], details: {} },
      { ...base, actorId: 'a"b\\c\n' },
    ]) {
      expect(canonicalEntryBytes(entry).toString('utf8')).toBe(
        canonicalJson({ format: ENTRY_FORMAT, ...entry }),
      );
    }
  });
});
