import { canonicalJson, type JsonValue } from '@daicho/platform/json';
import { leafHashOfText } from '../merkle/merkle';

/** The stored form of an action (the table's CHECK); the known ones are LedgerAction. */
export const ACTION_PATTERN = /^[A-Z][A-Z_]{1,39}$/;

export const LEDGER_OUTCOMES = ['ALLOWED', 'DENIED'] as const;
export type LedgerOutcome = (typeof LEDGER_OUTCOMES)[number];

export const ACTOR_KINDS = ['USER', 'API_KEY', 'SYSTEM', 'ANONYMOUS'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Version of the canonical form; bumped (and verified per entry) if the columns ever change. */
export const ENTRY_FORMAT = 1;

/** A sequenced entry exactly as stored: every column, timestamps as canonical UTC strings. */
export interface StoredEntry {
  seq: number;
  id: string;
  recordedAt: string;
  sequencedAt: string;
  actorKind: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  subjectId: string | null;
  categoryCode: string | null;
  purposeCode: string | null;
  fields: string[];
  requestId: string;
  clientEventId: string | null;
  occurredAt: string | null;
  details: Record<string, JsonValue>;
  /** Hex SHA-256 leaf hash of the previous entry (64 zeros for the first). */
  prevHash: string;
}

export const GENESIS_PREV_HASH = '0'.repeat(64);

/** Every key of the canonical object, in RFC 8785 order (UTF-16 code units), sorted once. */
const CANONICAL_KEYS = [
  'format',
  'seq',
  'id',
  'recordedAt',
  'sequencedAt',
  'actorKind',
  'actorId',
  'actorRole',
  'action',
  'outcome',
  'targetType',
  'targetId',
  'subjectId',
  'categoryCode',
  'purposeCode',
  'fields',
  'requestId',
  'clientEventId',
  'occurredAt',
  'details',
  'prevHash',
].sort() as (keyof StoredEntry | 'format')[];
const KEY_PREFIXES = CANONICAL_KEYS.map((k, i) => `${i === 0 ? '{' : ','}${JSON.stringify(k)}:`);

/**
 * The text an entry's leaf hash covers: RFC 8785 JSON of every stored column (leaf hash aside),
 * sequence number and both timestamps included, tagged with the format version. Written out for
 * the entry's fixed keys (the verifier hashes millions); equal to canonicalJson of the same object.
 */
export function canonicalEntryText(entry: StoredEntry): string {
  let out = '';
  for (const [i, key] of CANONICAL_KEYS.entries()) {
    const value = key === 'format' ? ENTRY_FORMAT : entry[key];
    out +=
      (KEY_PREFIXES[i] ?? '') +
      (key === 'details' || key === 'fields' ? canonicalJson(value) : JSON.stringify(value));
  }
  return `${out}}`;
}

/** The canonical text's UTF-8 bytes. */
export function canonicalEntryBytes(entry: StoredEntry): Buffer {
  return Buffer.from(canonicalEntryText(entry), 'utf8');
}

/** RFC 9162 leaf hash: SHA-256(0x00 ‖ canonical bytes). */
export function entryLeafHash(entry: StoredEntry): Buffer {
  return leafHashOfText(canonicalEntryText(entry));
}

/** Timestamps enter the canonical form as UTC with microseconds, PostgreSQL's full precision. */
export function canonicalTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/** SQL that renders a timestamptz column in the canonical form, for reading entries back. */
export const canonicalTimestampSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
