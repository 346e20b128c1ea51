import type { RequestContext } from '@daicho/access';
import type { ScopeItems } from './report-draft';

/**
 * The categories in an incident's scope and their affected items, named as the catalog names
 * them: categories by code, items in the catalog's own order (an item the catalog no longer
 * lists keeps its key as its name, so nothing affected drops out of the report).
 */
export async function scopeItems(tx: RequestContext, incidentId: string): Promise<ScopeItems[]> {
  return tx.manager.query<ScopeItems[]>(
    `WITH affected AS (
       SELECT DISTINCT s.category_code, k.key
         FROM incident_scope s, unnest(s.item_keys) AS k(key)
        WHERE s.incident_id = $1)
     SELECT c.name AS category,
            jsonb_agg(COALESCE(it.label, jsonb_build_object('ja', a.key, 'en', a.key))
                      ORDER BY it.ord NULLS LAST, a.key) AS items
       FROM affected a JOIN data_categories c ON c.code = a.category_code
       LEFT JOIN LATERAL (
         SELECT e.item->'label' AS label, e.ord
           FROM jsonb_array_elements(c.items) WITH ORDINALITY AS e(item, ord)
          WHERE e.item->>'key' = a.key LIMIT 1) it ON true
      GROUP BY c.code, c.name
      ORDER BY c.code`,
    [incidentId],
  );
}
