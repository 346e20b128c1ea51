import type { RequestContext } from '@daicho/access';
import type { ScopeSource } from '../incident-enums';

/** A record to put in scope, with the items affected. */
export interface ScopeRow {
  record_id: string;
  subject_id: string;
  category_code: string;
  item_keys: string[];
}

/** Merges records into an incident's scope: items and sources united with what is there. */
export async function mergeIntoScope(
  tx: RequestContext,
  incidentId: string,
  source: ScopeSource,
  records: readonly ScopeRow[],
): Promise<void> {
  if (records.length === 0) return;
  await tx.manager.query(
    `INSERT INTO incident_scope AS s (incident_id, record_id, subject_id, category_code,
         item_keys, sources, added_by)
       SELECT $1, r.record_id, r.subject_id, r.category_code, r.item_keys, ARRAY[$2], $3
         FROM jsonb_to_recordset($4::jsonb) AS r(record_id uuid, subject_id uuid,
                                                 category_code text, item_keys text[])
       ON CONFLICT (incident_id, record_id) DO UPDATE
         SET item_keys = ARRAY(SELECT DISTINCT unnest(s.item_keys || EXCLUDED.item_keys) ORDER BY 1),
             sources = ARRAY(SELECT DISTINCT unnest(s.sources || EXCLUDED.sources) ORDER BY 1)`,
    [incidentId, source, tx.actor.id ?? tx.actor.kind, JSON.stringify(merged(records))],
  );
}

/** One row per record, its items united (a record read twice in a window counts once). */
function merged(records: readonly ScopeRow[]): ScopeRow[] {
  const byRecord = new Map<string, ScopeRow>();
  for (const r of records) {
    const seen = byRecord.get(r.record_id);
    byRecord.set(
      r.record_id,
      seen ? { ...seen, item_keys: [...new Set([...seen.item_keys, ...r.item_keys])].sort() } : r,
    );
  }
  return [...byRecord.values()];
}
