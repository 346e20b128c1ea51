import { hash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '@daicho/platform/json';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { ENTRY_FORMAT } from '../entry/ledger-entry';

/** The built-in type of each column ENTRY_BINARY reads (pg_type oids), which it decodes. */
export const ENTRY_COLUMN_TYPES: Record<string, { oid: number; name: string }> = {
  id: { oid: 2950, name: 'uuid' },
  recorded_at: { oid: 1184, name: 'timestamp with time zone' },
  actor_kind: { oid: 25, name: 'text' },
  actor_id: { oid: 25, name: 'text' },
  actor_role: { oid: 25, name: 'text' },
  action: { oid: 25, name: 'text' },
  outcome: { oid: 25, name: 'text' },
  target_type: { oid: 25, name: 'text' },
  target_id: { oid: 25, name: 'text' },
  subject_id: { oid: 2950, name: 'uuid' },
  category_code: { oid: 25, name: 'text' },
  purpose_code: { oid: 25, name: 'text' },
  fields: { oid: 1009, name: 'text[]' },
  request_id: { oid: 25, name: 'text' },
  client_event_id: { oid: 25, name: 'text' },
  occurred_at: { oid: 1184, name: 'timestamp with time zone' },
  details: { oid: 3802, name: 'jsonb' },
  seq: { oid: 20, name: 'bigint' },
  prev_hash: { oid: 17, name: 'bytea' },
  leaf_hash: { oid: 17, name: 'bytea' },
  sequenced_at: { oid: 1184, name: 'timestamp with time zone' },
};

/**
 * The ledger's sealed entries as PostgreSQL's binary COPY sends them, and each entry's canonical
 * bytes (canonicalEntryText's UTF-8) and leaf hash built straight from those bytes.
 *
 * Why: verification is reading and hashing a million entries. As text the database formats
 * three timestamps, two digests, two uuids and an array per entry (0.9 s of its CPU per
 * 1,000,000), and this side made a string of each column, parsed the timestamps back and joined
 * them all into the canonical text. Here the database formats nothing and this side copies
 * bytes: a string is made only where JSON escaping or re-ordering needs one (the details, and
 * text that is not plain ASCII). Every column is cast to the built-in type decoded here, so the
 * bytes of one field never shift into another; the verifier also refuses a table altered so that
 * it could read other values than the readers see (LedgerStore.alteredEntryTable), and it reads,
 * as every connection does, with Daicho's session settings (platform's session-settings.ts), so
 * `ledger_entries` and the types are the ones the readers mean.
 */
export const ENTRY_BINARY = `
  e.id::uuid, e.recorded_at::timestamptz, e.actor_kind::text, e.actor_id::text,
  e.actor_role::text, e.action::text, e.outcome::text, e.target_type::text, e.target_id::text,
  e.subject_id::uuid, e.category_code::text, e.purpose_code::text, e.fields::text[],
  e.request_id::text, e.client_event_id::text, e.occurred_at::timestamptz, e.details::jsonb,
  e.seq::bigint, e.prev_hash::bytea, e.leaf_hash::bytea, e.sequenced_at::timestamptz`;

/** The COPY of the sealed entries numbered from..to, in order (COPY takes no parameters). */
export function entryPageCopySql(from: number, to: number): string {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
    throw new Error('a page of the ledger is bounded by whole sequence numbers');
  }
  // The limit bounds the page whatever the table holds (a forged duplicate number still shows:
  // duplicates sort together, one past the page's last number is enough to see it).
  const limit = Math.max(0, to - from + 2);
  return `COPY (SELECT ${ENTRY_BINARY} FROM ledger_entries e WHERE e.seq BETWEEN ${from} AND ${to} ORDER BY e.seq LIMIT ${limit}) TO STDOUT (FORMAT binary)`;
}

/**
 * Bytes a page may take: 8,192 entries at the largest the table's limits let one be (details of
 * 4,096 characters, 200 fields, ids of 200) stay far below it.
 */
const PAGE_BYTES = 512 * 2 ** 20;

/** The sealed entries numbered from..to, read over `client` as one binary COPY. */
export async function copyEntryPage(client: ClientBase, from: number, to: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const stream = client.query(copyTo(entryPageCopySql(from, to)));
  for await (const chunk of stream) {
    bytes += (chunk as Buffer).length;
    // Counted as it comes, so a table stripped of its limits cannot run this process out of memory.
    if (bytes > PAGE_BYTES) {
      stream.destroy();
      throw new Error(
        'a page of the ledger larger than 512 MiB (entries beyond the table’s limits)',
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** ENTRY_BINARY's columns by position. */
const enum Column {
  Id,
  RecordedAt,
  ActorKind,
  ActorId,
  ActorRole,
  Action,
  Outcome,
  TargetType,
  TargetId,
  SubjectId,
  CategoryCode,
  PurposeCode,
  Fields,
  RequestId,
  ClientEventId,
  OccurredAt,
  Details,
  Seq,
  PrevHash,
  LeafHash,
  SequencedAt,
}
const COLUMNS = 21;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TEXT_OID = 25;

/** One entry of a COPY, valid only during the visit that gets it (its buffers are reused). */
export interface CopiedEntry {
  /** Its sequence number (as a JavaScript number, as the canonical form has it); NaN for NULL. */
  seq: number;
  /** Where its stored digests are in the COPY's bytes (start, end); start -1 for NULL. */
  prevHash: [number, number];
  leafHash: [number, number];
  /**
   * 0x00 ‖ its canonical bytes, the leaf hash's input; null where a stored value has no canonical
   * form (a timestamp outside years 1–9999, details holding 1e400, an entry not sealed).
   */
  leafInput: Buffer | null;
}

/** The leaf hash of a CopiedEntry's leafInput. */
export const leafHashOf = (leafInput: Buffer): Buffer => hash('sha256', leafInput, 'buffer');

/**
 * Visits every entry of a whole binary COPY of ENTRY_BINARY rows, in order, until the visit
 * answers false. Throws on bytes that are not such a COPY (cut short, other columns).
 */
export function visitCopiedEntries(
  data: Buffer,
  visit: (entry: CopiedEntry, index: number) => boolean,
): void {
  if (data.length < 19 || !data.subarray(0, 11).equals(SIGNATURE)) {
    throw new Error('not a binary COPY');
  }
  // Offsets are kept in Int32Arrays.
  if (data.length > 0x7fffffff) throw new Error('a page of the ledger larger than 2 GiB');
  const starts = new Int32Array(COLUMNS);
  const ends = new Int32Array(COLUMNS);
  const entry: CopiedEntry = { seq: NaN, prevHash: [-1, -1], leafHash: [-1, -1], leafInput: null };
  const writer = new CanonicalWriter(data, starts, ends);
  let at = 19 + data.readUInt32BE(15); // signature, flags, header extension
  for (let index = 0; ; index++) {
    const count = data.readInt16BE(at);
    at += 2;
    if (count === -1) break;
    if (count !== COLUMNS) throw new Error(`a COPY row of ${count} columns, not ${COLUMNS}`);
    for (let column = 0; column < COLUMNS; column++) {
      const length = data.readInt32BE(at);
      at += 4;
      starts[column] = length === -1 ? -1 : at;
      ends[column] = length === -1 ? -1 : at + length;
      if (length > 0) at += length;
      else if (length < -1) throw new Error('a COPY field of negative length');
      if (at > data.length) throw new Error('a COPY row runs past its end');
    }
    entry.seq = starts[Column.Seq] === -1 ? NaN : Number(int8(data, Column.Seq, starts, ends));
    entry.prevHash = [starts[Column.PrevHash] as number, ends[Column.PrevHash] as number];
    entry.leafHash = [starts[Column.LeafHash] as number, ends[Column.LeafHash] as number];
    entry.leafInput = writer.leafInput();
    if (!visit(entry, index)) return;
  }
  if (at !== data.length) throw new Error('bytes after the end of a COPY');
}

function int8(data: Buffer, column: Column, starts: Int32Array, ends: Int32Array): bigint {
  const start = starts[column] as number;
  if ((ends[column] as number) - start !== 8) throw new Error('a bigint of other than 8 bytes');
  return data.readBigInt64BE(start);
}

/**
 * Thrown inside the writer where a value has no canonical form (or is not what its type sends:
 * the entry is reported, not the page); never leaves this module.
 */
class NoCanonicalForm extends Error {}

/** "key": prefixes of the canonical form, in RFC 8785 order (as canonicalEntryText writes them). */
const key = (name: string, first = false) =>
  Buffer.from(`${first ? '{' : ','}${JSON.stringify(name)}:`, 'latin1');
const KEYS = {
  action: key('action', true),
  actorId: key('actorId'),
  actorKind: key('actorKind'),
  actorRole: key('actorRole'),
  categoryCode: key('categoryCode'),
  clientEventId: key('clientEventId'),
  details: key('details'),
  fields: key('fields'),
  format: Buffer.from(`,"format":${JSON.stringify(ENTRY_FORMAT)}`, 'latin1'),
  id: key('id'),
  occurredAt: key('occurredAt'),
  outcome: key('outcome'),
  prevHash: key('prevHash'),
  purposeCode: key('purposeCode'),
  recordedAt: key('recordedAt'),
  requestId: key('requestId'),
  seq: key('seq'),
  sequencedAt: key('sequencedAt'),
  subjectId: key('subjectId'),
  targetId: key('targetId'),
  targetType: key('targetType'),
};
const NULL = Buffer.from('null', 'latin1');
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Microseconds in a day, and days from 1970-01-01 to PostgreSQL's epoch 2000-01-01. */
const DAY_US = 86_400_000_000;
const EPOCH_DAYS = 10_957;

/**
 * Writes one entry's 0x00 ‖ canonical bytes into a buffer it reuses, from the COPY row's
 * columns, exactly as canonicalEntryText (ledger-entry.ts) spells a StoredEntry: keys in
 * RFC 8785 order, strings as JSON.stringify, details and fields through canonicalJson,
 * timestamps as "YYYY-MM-DDTHH:MM:SS.ffffffZ", digests in lower-case hex, seq as a JS number.
 */
class CanonicalWriter {
  private out = Buffer.alloc(64 * 1024);
  private at = 0;

  constructor(
    private readonly data: Buffer,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {}

  leafInput(): Buffer | null {
    this.at = 0;
    try {
      this.byte(0x00);
      this.bytes(KEYS.action);
      this.text(Column.Action);
      this.bytes(KEYS.actorId);
      this.text(Column.ActorId);
      this.bytes(KEYS.actorKind);
      this.text(Column.ActorKind);
      this.bytes(KEYS.actorRole);
      this.text(Column.ActorRole);
      this.bytes(KEYS.categoryCode);
      this.text(Column.CategoryCode);
      this.bytes(KEYS.clientEventId);
      this.text(Column.ClientEventId);
      this.bytes(KEYS.details);
      this.details();
      this.bytes(KEYS.fields);
      this.fields();
      this.bytes(KEYS.format);
      this.bytes(KEYS.id);
      this.uuid(Column.Id);
      this.bytes(KEYS.occurredAt);
      this.timestamp(Column.OccurredAt);
      this.bytes(KEYS.outcome);
      this.text(Column.Outcome);
      this.bytes(KEYS.prevHash);
      this.hex(Column.PrevHash);
      this.bytes(KEYS.purposeCode);
      this.text(Column.PurposeCode);
      this.bytes(KEYS.recordedAt);
      this.timestamp(Column.RecordedAt);
      this.bytes(KEYS.requestId);
      this.text(Column.RequestId);
      this.bytes(KEYS.seq);
      this.seq();
      this.bytes(KEYS.sequencedAt);
      // Sealing sets it with seq and prevHash: an entry without one is not sealed.
      if (this.starts[Column.SequencedAt] === -1) throw new NoCanonicalForm();
      this.timestamp(Column.SequencedAt);
      this.bytes(KEYS.subjectId);
      this.uuid(Column.SubjectId);
      this.bytes(KEYS.targetId);
      this.text(Column.TargetId);
      this.bytes(KEYS.targetType);
      this.text(Column.TargetType);
      this.byte(0x7d); // }
      return this.out.subarray(0, this.at);
    } catch (error) {
      if (error instanceof NoCanonicalForm) return null;
      throw error;
    }
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.out.length) return;
    const grown = Buffer.alloc(Math.max(this.out.length * 2, this.at + bytes));
    this.out.copy(grown, 0, 0, this.at);
    this.out = grown;
  }

  private byte(value: number): void {
    this.room(1);
    this.out[this.at++] = value;
  }

  /** Uint8Array#set: Buffer#copy's own checks cost more than copying a key. */
  private bytes(value: Buffer): void {
    this.room(value.length);
    this.out.set(value, this.at);
    this.at += value.length;
  }

  private string(value: string): void {
    this.room(value.length * 3);
    this.at += this.out.write(value, this.at, 'utf8');
  }

  /** A nullable text column as JSON.stringify would write it. */
  private text(column: Column): void {
    const start = this.starts[column] as number;
    if (start === -1) return this.bytes(NULL);
    this.jsonString(start, this.ends[column] as number);
  }

  /**
   * Text bytes as a JSON string. Plain ASCII with nothing to escape is copied as it is (what
   * JSON.stringify gives for it); anything else goes through a string and JSON.stringify.
   */
  private jsonString(start: number, end: number): void {
    const data = this.data;
    this.room(end - start + 2);
    const out = this.out;
    const from = this.at;
    out[this.at++] = QUOTE;
    for (let i = start; i < end; i++) {
      const c = data[i] as number;
      if (c < 0x20 || c >= 0x7f || c === QUOTE || c === BACKSLASH) {
        this.at = from;
        return this.string(JSON.stringify(data.toString('utf8', start, end)));
      }
      out[this.at++] = c;
    }
    out[this.at++] = QUOTE;
  }

  private details(): void {
    const start = this.starts[Column.Details] as number;
    const end = this.ends[Column.Details] as number;
    if (start === -1) return this.bytes(NULL);
    // jsonb's binary form is a version byte and its text form (jsonb_send).
    // Not the entry's doing: a PostgreSQL sending jsonb in a form this verifier does not know.
    if (this.data[start] !== 1)
      throw new Error(`jsonb of version ${this.data[start]} from the database`);
    let value: JsonValue;
    let canonical: string;
    try {
      value = JSON.parse(this.data.toString('utf8', start + 1, end)) as JsonValue;
      canonical = canonicalJson(value);
    } catch {
      throw new NoCanonicalForm();
    }
    this.string(canonical);
  }

  /** A text[] as canonicalJson writes what array_to_json makes of it (nested; bounds dropped). */
  private fields(): void {
    const data = this.data;
    const start = this.starts[Column.Fields] as number;
    if (start === -1) return this.bytes(NULL);
    const end = this.ends[Column.Fields] as number;
    if (end - start < 12 || data.readInt32BE(start + 8) !== TEXT_OID) throw new NoCanonicalForm();
    const dimensions = data.readInt32BE(start);
    if (dimensions === 0) {
      this.byte(0x5b);
      return this.byte(0x5d);
    }
    if (dimensions < 0 || dimensions > 6 || end - start < 12 + 8 * dimensions) {
      throw new NoCanonicalForm(); // an array of impossible dimensions
    }
    let cursor = start + 12;
    const sizes: number[] = [];
    for (let d = 0; d < dimensions; d++, cursor += 8) sizes.push(data.readInt32BE(cursor));
    // Every element takes at least its 4-byte length: more than the bytes hold is no array.
    // (PostgreSQL sends no dimension of size 0: an empty array has none.)
    const elements = sizes.reduce((product, size) => product * size, 1);
    if (sizes.some((size) => size < 1) || elements * 4 > end - cursor) throw new NoCanonicalForm();
    const level = (d: number): void => {
      this.byte(0x5b); // [
      const size = sizes[d] as number;
      for (let i = 0; i < size; i++) {
        if (i > 0) this.byte(0x2c); // ,
        if (d < dimensions - 1) {
          level(d + 1);
          continue;
        }
        if (cursor + 4 > end) throw new NoCanonicalForm(); // elements past the array's end
        const length = data.readInt32BE(cursor);
        cursor += 4;
        if (length === -1) {
          this.bytes(NULL);
          continue;
        }
        if (length < -1 || cursor + length > end) throw new NoCanonicalForm();
        this.jsonString(cursor, cursor + length);
        cursor += length;
      }
      this.byte(0x5d); // ]
    };
    level(0);
    if (cursor !== end) throw new NoCanonicalForm(); // an array its elements do not fill
  }

  private uuid(column: Column): void {
    const start = this.starts[column] as number;
    if (start === -1) return this.bytes(NULL);
    if ((this.ends[column] as number) - start !== 16) throw new NoCanonicalForm();
    this.room(38);
    const out = this.out;
    out[this.at++] = QUOTE;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out[this.at++] = 0x2d; // -
      const byte = this.data[start + i] as number;
      out[this.at++] = HEX_DIGITS[byte >> 4] as number;
      out[this.at++] = HEX_DIGITS[byte & 15] as number;
    }
    out[this.at++] = QUOTE;
  }

  /** A digest (bytea) in lower-case hex; a sealed entry has one, so NULL has no canonical form. */
  private hex(column: Column): void {
    const start = this.starts[column] as number;
    if (start === -1) throw new NoCanonicalForm();
    const end = this.ends[column] as number;
    this.room(2 * (end - start) + 2);
    const out = this.out;
    out[this.at++] = QUOTE;
    for (let i = start; i < end; i++) {
      const byte = this.data[i] as number;
      out[this.at++] = HEX_DIGITS[byte >> 4] as number;
      out[this.at++] = HEX_DIGITS[byte & 15] as number;
    }
    out[this.at++] = QUOTE;
  }

  private seq(): void {
    if (this.starts[Column.Seq] === -1) throw new NoCanonicalForm();
    // The canonical form holds seq as a JavaScript number (sealed entries stay far below 2^53).
    this.string(JSON.stringify(Number(int8(this.data, Column.Seq, this.starts, this.ends))));
  }

  /**
   * A timestamptz (microseconds since 2000-01-01 UTC) as "YYYY-MM-DDTHH:MM:SS.ffffffZ", NULL as
   * null. Years outside 1–9999 and ±infinity have no canonical form.
   */
  private timestamp(column: Column): void {
    const start = this.starts[column] as number;
    if (start === -1) return this.bytes(NULL);
    if ((this.ends[column] as number) - start !== 8) throw new NoCanonicalForm();
    const high = this.data.readInt32BE(start);
    // Within ±2^53 µs (about 1715–2285) a double holds it exactly; beyond, it is read as a bigint.
    let days: number;
    let ofDay: number;
    if (high > -0x200000 && high < 0x200000) {
      const micros = high * 0x100000000 + this.data.readUInt32BE(start + 4);
      days = Math.floor(micros / DAY_US);
      ofDay = micros - days * DAY_US;
    } else {
      const micros = this.data.readBigInt64BE(start);
      let whole = micros / BigInt(DAY_US);
      if (whole * BigInt(DAY_US) > micros) whole -= 1n; // floor, not truncation
      days = Number(whole);
      ofDay = Number(micros - whole * BigInt(DAY_US));
    }
    this.room(29);
    this.byte(QUOTE);
    this.date(days);
    const seconds = Math.floor(ofDay / 1_000_000);
    this.digits(Math.floor(seconds / 3600), 2);
    this.byte(0x3a);
    this.digits(Math.floor((seconds % 3600) / 60), 2);
    this.byte(0x3a);
    this.digits(seconds % 60, 2);
    this.byte(0x2e);
    this.digits(ofDay - seconds * 1_000_000, 6);
    this.byte(0x5a); // Z
    this.byte(QUOTE);
  }

  /** The day's "YYYY-MM-DDT"; the last one is kept, as entries come in days. */
  private lastDays = NaN;
  private readonly lastDate = Buffer.alloc(11);

  private date(days: number): void {
    if (days !== this.lastDays) {
      const [year, month, day] = civilFromDays(days + EPOCH_DAYS);
      if (year < 1 || year > 9999) throw new NoCanonicalForm();
      this.lastDate.write(
        `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T`,
        'latin1',
      );
      this.lastDays = days;
    }
    this.bytes(this.lastDate);
  }

  /** A non-negative integer below 10^width, zero-padded to width digits. */
  private digits(value: number, width: number): void {
    const out = this.out;
    for (let i = this.at + width - 1, rest = value; i >= this.at; i--) {
      out[i] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.at += width;
  }
}

/**
 * The proleptic Gregorian date of a day counted from 1970-01-01, year astronomical (0 is 1 BC).
 * H. Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
 */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}
