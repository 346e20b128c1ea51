import fc from 'fast-check';
import { fromBulkTuple, storedEntryOf, type BulkEntryTuple } from '../entry/entry-columns';
import { canonicalEntryText } from '../entry/ledger-entry';
import { visitCopiedEntries } from './entry-copy';
import { copyOfTuples } from './entry-copy.fixture';

const text = fc.string({ unit: 'binary', maxLength: 12 });
const maybe = fc.option(text, { nil: null });
/** PostgreSQL's text form of a UTC timestamp, with 0–6 fraction digits (trailing zeros dropped). */
const pgTime = fc
  .tuple(
    fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999_999 }),
  )
  .map(([date, micros]) => {
    const whole = date.toISOString().slice(0, 19).replace('T', ' ');
    const fraction = String(micros).padStart(6, '0').replace(/0+$/, '');
    return fraction ? `${whole}.${fraction}` : whole;
  });
const json = fc.jsonValue().map((v) => JSON.stringify(v));
const details = fc.dictionary(text, fc.jsonValue()).map((v) => JSON.stringify(v));

const sealedTuple: fc.Arbitrary<BulkEntryTuple> = fc.tuple(
  fc.uuid(),
  pgTime,
  text,
  maybe,
  maybe,
  text,
  text,
  maybe,
  maybe,
  fc.option(fc.uuid(), { nil: null }),
  maybe,
  maybe,
  fc.array(text).map((a) => JSON.stringify(a)),
  text,
  maybe,
  fc.option(pgTime, { nil: null }),
  details,
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).map(String),
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.stringMatching(/^[0-9a-f]{64}$/),
  pgTime,
);

/** What the verifier hashes for the tuple, built from the tuple's binary COPY. */
function leafInputOfCopy(
  tuple: BulkEntryTuple,
  odd?: Parameters<typeof copyOfTuples>[1],
): string | null {
  let input: string | null = null;
  visitCopiedEntries(copyOfTuples([tuple], odd), (entry) => {
    input = entry.leafInput === null ? null : entry.leafInput.toString('utf8');
    return true;
  });
  return input;
}

/** What the ledger hashed when it sealed the entry: 0x00 ‖ canonicalEntryText. */
const sealedLeafInput = (tuple: BulkEntryTuple) =>
  `\u0000${canonicalEntryText(storedEntryOf(fromBulkTuple(tuple)).entry)}`;

describe('canonical bytes from a binary COPY (the verifier’s path)', () => {
  it('equal canonicalEntryText of the same row read as an entry, whatever the values', () => {
    fc.assert(
      fc.property(sealedTuple, (tuple) => {
        expect(leafInputOfCopy(tuple)).toBe(sealedLeafInput(tuple));
      }),
      { numRuns: 2000 },
    );
  });

  it('cover JSON values of every kind inside details', () => {
    fc.assert(
      fc.property(sealedTuple, json, (tuple, value) => {
        const row = [...tuple] as BulkEntryTuple;
        row[16] = JSON.stringify({ value, nested: { list: [value] } });
        expect(leafInputOfCopy(row)).toBe(sealedLeafInput(row));
      }),
      { numRuns: 500 },
    );
  });

  it('have no canonical form for an entry not sealed, or details JSON cannot hold', () => {
    const tuple = fc.sample(sealedTuple, 1)[0] as BulkEntryTuple;
    for (const column of [17, 18, 20]) {
      const row = [...tuple] as BulkEntryTuple;
      row[column] = null;
      expect(leafInputOfCopy(row)).toBeNull();
    }
    const row = [...tuple] as BulkEntryTuple;
    row[16] = '{"n": 1e400}';
    expect(leafInputOfCopy(row)).toBeNull();
  });

  it('have none for a value its type would not send (the entry is named, not the page failed)', () => {
    const tuple = fc.sample(sealedTuple, 1)[0] as BulkEntryTuple;
    expect(leafInputOfCopy(tuple)).not.toBeNull();
    // A jsonb form this verifier does not know is the database's, not the entry's: it says so.
    expect(() => leafInputOfCopy(tuple, { jsonbVersion: 2 })).toThrow('jsonb of version 2');
    expect(leafInputOfCopy(tuple, { arrayOid: 1043 })).toBeNull();
  });

  it('stop where the visit says, and refuse bytes that are not such a COPY', () => {
    const rows = fc.sample(sealedTuple, 3);
    const copy = copyOfTuples(rows);
    const seen: number[] = [];
    visitCopiedEntries(copy, (entry, index) => seen.push(index) < 2);
    expect(seen).toEqual([0, 1]);
    const visitAll = (bytes: Buffer) => visitCopiedEntries(bytes, () => true);
    expect(() => visitAll(copy.subarray(0, copy.length - 2))).toThrow();
    expect(() => visitAll(copy.subarray(0, 40))).toThrow();
    expect(() => visitAll(Buffer.concat([copy, Buffer.of(0)]))).toThrow('bytes after the end');
    expect(() => visitAll(Buffer.from('not a copy at all'))).toThrow('not a binary COPY');
  });
});
