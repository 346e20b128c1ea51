import { canonicalJson } from '@daicho/platform';
import { ENTRY_FORMAT, canonicalEntryBytes, type StoredEntry } from './ledger-entry';

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
