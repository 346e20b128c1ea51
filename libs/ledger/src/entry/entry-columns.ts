import type { JsonValue } from '@daicho/platform/json';
import { canonicalTimestampSql, type StoredEntry } from './ledger-entry';

/** Selects every stored column of ledger_entries in the form the canonical bytes use. */
export const ENTRY_SELECT = `
  e.id, ${canonicalTimestampSql('e.recorded_at')} AS recorded_at, e.actor_kind, e.actor_id,
  e.actor_role, e.action, e.outcome, e.target_type, e.target_id, e.subject_id::text AS subject_id,
  e.category_code, e.purpose_code, e.fields, e.request_id, e.client_event_id,
  ${canonicalTimestampSql('e.occurred_at')} AS occurred_at, e.details, e.seq,
  encode(e.prev_hash, 'hex') AS prev_hash, encode(e.leaf_hash, 'hex') AS leaf_hash,
  ${canonicalTimestampSql('e.sequenced_at')} AS sequenced_at`;

export interface EntryRow {
  id: string;
  recorded_at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  subject_id: string | null;
  category_code: string | null;
  purpose_code: string | null;
  fields: string[];
  request_id: string;
  client_event_id: string | null;
  occurred_at: string | null;
  details: Record<string, JsonValue>;
  seq: string | null;
  prev_hash: string | null;
  leaf_hash: string | null;
  sequenced_at: string | null;
}

/** The entry's recorded columns; sequencing columns are filled by the caller (sequencer) or row. */
export function recordedColumns(
  row: EntryRow,
): Omit<StoredEntry, 'seq' | 'sequencedAt' | 'prevHash'> {
  return {
    id: row.id,
    recordedAt: row.recorded_at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    outcome: row.outcome,
    targetType: row.target_type,
    targetId: row.target_id,
    subjectId: row.subject_id,
    categoryCode: row.category_code,
    purposeCode: row.purpose_code,
    fields: row.fields,
    requestId: row.request_id,
    clientEventId: row.client_event_id,
    occurredAt: row.occurred_at,
    details: row.details,
  };
}

/** A sealed row as the canonical StoredEntry (and its stored leaf hash, to compare against). */
export function storedEntryOf(row: EntryRow): { entry: StoredEntry; leafHash: string } {
  if (row.seq === null || row.sequenced_at === null || row.prev_hash === null) {
    throw new Error(`entry ${row.id} is not sealed yet`);
  }
  // Written out field by field: this runs once per entry when millions are verified.
  const entry: StoredEntry = {
    seq: Number(row.seq),
    id: row.id,
    recordedAt: row.recorded_at,
    sequencedAt: row.sequenced_at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    outcome: row.outcome,
    targetType: row.target_type,
    targetId: row.target_id,
    subjectId: row.subject_id,
    categoryCode: row.category_code,
    purposeCode: row.purpose_code,
    fields: row.fields,
    requestId: row.request_id,
    clientEventId: row.client_event_id,
    occurredAt: row.occurred_at,
    details: row.details,
    prevHash: row.prev_hash,
  };
  return { entry, leafHash: row.leaf_hash ?? '' };
}

/**
 * The same columns as plain text, for bulk reads (verification, export): nothing for the
 * database to format beyond its own text output, nothing for the driver to convert but strings.
 */
export const ENTRY_BULK = `
  e.id::text AS id, (e.recorded_at AT TIME ZONE 'UTC')::text AS recorded_at, e.actor_kind,
  e.actor_id, e.actor_role, e.action, e.outcome, e.target_type, e.target_id,
  e.subject_id::text AS subject_id, e.category_code, e.purpose_code,
  array_to_json(e.fields)::text AS fields, e.request_id, e.client_event_id,
  (e.occurred_at AT TIME ZONE 'UTC')::text AS occurred_at, e.details::text AS details, e.seq,
  encode(e.prev_hash, 'hex') AS prev_hash, encode(e.leaf_hash, 'hex') AS leaf_hash,
  (e.sequenced_at AT TIME ZONE 'UTC')::text AS sequenced_at`;

export type BulkEntryRow = Omit<EntryRow, 'fields' | 'details'> & {
  fields: string;
  details: string;
};

/**
 * PostgreSQL's own text form of a UTC timestamp ('2026-11-26 11:40:02.1234', trailing zeros
 * dropped) in the canonical form; far cheaper for the database than to_char.
 */
export function canonicalFromPgText(text: string | null): string | null {
  if (text === null) return null;
  const dot = text.indexOf('.', 17);
  const whole = dot < 0 ? text : text.slice(0, dot);
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  if (whole.length !== 19) throw new Error(`unexpected timestamp ${text}`);
  return `${whole.slice(0, 10)}T${whole.slice(11)}.${fraction.padEnd(6, '0')}Z`;
}

export function fromBulkRow(row: BulkEntryRow): EntryRow {
  return {
    id: row.id,
    recorded_at: canonicalFromPgText(row.recorded_at) as string,
    actor_kind: row.actor_kind,
    actor_id: row.actor_id,
    actor_role: row.actor_role,
    action: row.action,
    outcome: row.outcome,
    target_type: row.target_type,
    target_id: row.target_id,
    subject_id: row.subject_id,
    category_code: row.category_code,
    purpose_code: row.purpose_code,
    fields: JSON.parse(row.fields) as string[],
    request_id: row.request_id,
    client_event_id: row.client_event_id,
    occurred_at: canonicalFromPgText(row.occurred_at),
    details: JSON.parse(row.details) as EntryRow['details'],
    seq: row.seq,
    prev_hash: row.prev_hash,
    leaf_hash: row.leaf_hash,
    sequenced_at: canonicalFromPgText(row.sequenced_at),
  };
}

/** A bulk row in `rowMode: 'array'`, in ENTRY_BULK's column order. */
export type BulkEntryTuple = [
  string,
  string,
  string,
  string | null,
  string | null,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string,
  string | null,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
];

export function fromBulkTuple(t: BulkEntryTuple): EntryRow {
  return {
    id: t[0],
    recorded_at: canonicalFromPgText(t[1]) as string,
    actor_kind: t[2],
    actor_id: t[3],
    actor_role: t[4],
    action: t[5],
    outcome: t[6],
    target_type: t[7],
    target_id: t[8],
    subject_id: t[9],
    category_code: t[10],
    purpose_code: t[11],
    fields: JSON.parse(t[12]) as string[],
    request_id: t[13],
    client_event_id: t[14],
    occurred_at: canonicalFromPgText(t[15]),
    details: JSON.parse(t[16]) as EntryRow['details'],
    seq: t[17],
    prev_hash: t[18],
    leaf_hash: t[19],
    sequenced_at: canonicalFromPgText(t[20]),
  };
}

/**
 * An intake row read in bulk, as the entry it becomes when sealed at `seq`: straight from the
 * tuple to the canonical form, with no row object in between (the sequencer hashes every entry).
 */
export function sealedEntryOf(
  t: BulkEntryTuple,
  seq: number,
  sequencedAt: string,
  prevHash: string,
): StoredEntry {
  return {
    seq,
    id: t[0],
    recordedAt: canonicalFromPgText(t[1]) as string,
    sequencedAt,
    actorKind: t[2],
    actorId: t[3],
    actorRole: t[4],
    action: t[5],
    outcome: t[6],
    targetType: t[7],
    targetId: t[8],
    subjectId: t[9],
    categoryCode: t[10],
    purposeCode: t[11],
    fields: JSON.parse(t[12]) as string[],
    requestId: t[13],
    clientEventId: t[14],
    occurredAt: canonicalFromPgText(t[15]),
    details: JSON.parse(t[16]) as StoredEntry['details'],
    prevHash,
  };
}
