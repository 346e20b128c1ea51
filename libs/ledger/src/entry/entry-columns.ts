import type { JsonValue } from './canonical-json';
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
  return {
    entry: {
      ...recordedColumns(row),
      seq: Number(row.seq),
      sequencedAt: row.sequenced_at,
      prevHash: row.prev_hash,
    },
    leafHash: row.leaf_hash ?? '',
  };
}
