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

const json = JSON.stringify;

/**
 * The bytes an entry's leaf hash covers: RFC 8785 JSON of every stored column (leaf hash aside),
 * sequence number and both timestamps included, tagged with the format version. Written out with
 * the keys in RFC 8785 order (UTF-16 code units) because the verifier hashes millions; equal to
 * canonicalJson of the same object (canonical-entry.spec).
 */
export function canonicalEntryText(e: StoredEntry): string {
  return `{"action":${json(e.action)},"actorId":${json(e.actorId)},"actorKind":${json(e.actorKind)},"actorRole":${json(e.actorRole)},"categoryCode":${json(e.categoryCode)},"clientEventId":${json(e.clientEventId)},"details":${canonicalJson(e.details)},"fields":${canonicalJson(e.fields)},"format":${ENTRY_FORMAT},"id":${json(e.id)},"occurredAt":${json(e.occurredAt)},"outcome":${json(e.outcome)},"prevHash":${json(e.prevHash)},"purposeCode":${json(e.purposeCode)},"recordedAt":${json(e.recordedAt)},"requestId":${json(e.requestId)},"seq":${json(e.seq)},"sequencedAt":${json(e.sequencedAt)},"subjectId":${json(e.subjectId)},"targetId":${json(e.targetId)},"targetType":${json(e.targetType)}}`;
}

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
