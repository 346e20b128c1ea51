import fc from 'fast-check';
import {
  canonicalTextOfTuple,
  fromBulkTuple,
  storedEntryOf,
  type BulkEntryTuple,
} from './entry-columns';
import { canonicalEntryText } from './ledger-entry';

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

describe('canonicalTextOfTuple (the verifier’s path)', () => {
  it('equals canonicalEntryText of the same tuple read as an entry, whatever the values', () => {
    fc.assert(
      fc.property(sealedTuple, (tuple) => {
        expect(canonicalTextOfTuple(tuple)).toBe(
          canonicalEntryText(storedEntryOf(fromBulkTuple(tuple)).entry),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('covers JSON values of every kind inside details and fields', () => {
    fc.assert(
      fc.property(sealedTuple, json, (tuple, value) => {
        const row = [...tuple] as BulkEntryTuple;
        row[16] = JSON.stringify({ value, nested: { list: [value] } });
        expect(canonicalTextOfTuple(row)).toBe(
          canonicalEntryText(storedEntryOf(fromBulkTuple(row)).entry),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses an entry that is not sealed yet', () => {
    const tuple = fc.sample(sealedTuple, 1)[0] as BulkEntryTuple;
    for (const column of [17, 18, 20]) {
      const row = [...tuple] as BulkEntryTuple;
      row[column] = null;
      expect(() => canonicalTextOfTuple(row)).toThrow('not sealed yet');
    }
  });
});
