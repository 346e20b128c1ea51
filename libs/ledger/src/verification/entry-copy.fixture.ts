import type { BulkEntryTuple } from '../entry/entry-columns';

/**
 * For specs: bulk tuples (PostgreSQL's text forms, as ENTRY_BULK reads them) as the binary COPY
 * of ENTRY_BINARY that PostgreSQL would send for the same rows, so a page can be built, altered
 * and checked without a database. test/ledger/entry-copy.e2e-spec.ts holds the decoder against
 * PostgreSQL's own COPY; this encoder only has to agree with it on ordinary values (AD
 * timestamps, one-dimensional arrays). `odd` sends a value other than its type would, to see it
 * refused.
 */
export function copyOfTuples(
  tuples: readonly BulkEntryTuple[],
  odd: { jsonbVersion?: number; arrayOid?: number } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(0)];
  for (const t of tuples) {
    parts.push(int16(21));
    const fields = t[12] === null ? null : (JSON.parse(t[12]) as (string | null)[]);
    const values: (Buffer | null)[] = [
      uuid(t[0]),
      timestamp(t[1]),
      text(t[2]),
      text(t[3]),
      text(t[4]),
      text(t[5]),
      text(t[6]),
      text(t[7]),
      text(t[8]),
      uuid(t[9]),
      text(t[10]),
      text(t[11]),
      fields === null ? null : textArray(fields, odd.arrayOid ?? 25),
      text(t[13]),
      text(t[14]),
      timestamp(t[15]),
      t[16] === null
        ? null
        : Buffer.concat([Buffer.of(odd.jsonbVersion ?? 1), Buffer.from(t[16], 'utf8')]),
      t[17] === null ? null : int64(BigInt(t[17])),
      t[18] === null ? null : Buffer.from(t[18], 'hex'),
      t[19] === null ? null : Buffer.from(t[19], 'hex'),
      timestamp(t[20]),
    ];
    for (const value of values) {
      parts.push(value === null ? int32(-1) : int32(value.length));
      if (value !== null) parts.push(value);
    }
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}

const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const int64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};
const text = (value: string | null) => (value === null ? null : Buffer.from(value, 'utf8'));
const uuid = (value: string | null) =>
  value === null ? null : Buffer.from(value.replaceAll('-', ''), 'hex');

/** '2026-12-01 09:00:01.1234' (UTC) as microseconds since 2000-01-01. */
function timestamp(value: string | null): Buffer | null {
  if (value === null) return null;
  const [whole, fraction = ''] = value.split('.');
  const ms = Date.parse(`${(whole as string).replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${value}`);
  const micros = BigInt(ms) * 1000n + BigInt(fraction.padEnd(6, '0')) - 946_684_800_000_000n;
  return int64(micros);
}

function textArray(values: readonly (string | null)[], oid: number): Buffer {
  if (values.length === 0) return Buffer.concat([int32(0), int32(0), int32(oid)]);
  const hasNull = values.includes(null) ? 1 : 0;
  const parts = [int32(1), int32(hasNull), int32(oid), int32(values.length), int32(1)];
  for (const value of values) {
    if (value === null) parts.push(int32(-1));
    else parts.push(int32(Buffer.byteLength(value)), Buffer.from(value, 'utf8'));
  }
  return Buffer.concat(parts);
}
