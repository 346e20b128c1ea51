import type { RequestContext } from '@daicho/access';
import { LedgerAction } from '@daicho/platform';
import type { DisclosedAccess } from '../letters/letter-data';
import type { CatalogLabels } from './catalog-labels';

/** The touches of a person's data a disclosure shows them (APPI art. 33: who used it, and why). */
export const DISCLOSED_ACTIONS: readonly LedgerAction[] = [
  LedgerAction.READ,
  LedgerAction.UPDATE,
  LedgerAction.EXPORT,
  LedgerAction.PROVIDE,
  LedgerAction.ENTRUST,
  LedgerAction.DISPOSE,
];

/** The most entries one letter lists; older ones are counted and said to exist. */
export const MOST_ACCESSES = 500;

interface AccessRow {
  seq: string | null;
  recorded_at: Date;
  action: string;
  actor_kind: string;
  actor_role: string | null;
  department: string | null;
  category_code: string | null;
  purpose_code: string | null;
  fields: string[];
}

/**
 * Who acted, as the letter names it: a person's role; an internal system's key as INTEGRATION;
 * the server's own work as SYSTEM (its context carries ADMIN's rights, but no administrator acted).
 */
function roleShown(row: AccessRow): string {
  if (row.actor_kind === 'SYSTEM') return 'SYSTEM';
  if (row.actor_kind === 'API_KEY') return 'INTEGRATION';
  return row.actor_role ?? 'SYSTEM';
}

/**
 * The allowed READ, UPDATE, EXPORT, PROVIDE, ENTRUST and DISPOSE entries about the persons,
 * newest first: the role and department that acted (never a staff member's name), the date, the
 * purpose and the items. Only sequenced entries: each carries its number for the proof.
 */
export async function disclosedAccesses(
  tx: RequestContext,
  subjectIds: readonly string[],
  labels: CatalogLabels,
): Promise<DisclosedAccess[]> {
  const rows = await tx.manager.query<AccessRow[]>(
    `SELECT e.seq::text AS seq, e.recorded_at, e.action, e.actor_kind, e.actor_role, u.department,
            e.category_code, e.purpose_code, e.fields
       FROM ledger_entries e
       LEFT JOIN users u ON e.actor_kind = 'USER' AND u.id::text = e.actor_id
      WHERE e.subject_id = ANY($1::uuid[]) AND e.action = ANY($2::text[])
        AND e.outcome = 'ALLOWED' AND e.seq IS NOT NULL
      ORDER BY e.seq DESC LIMIT $3`,
    [subjectIds, DISCLOSED_ACTIONS, MOST_ACCESSES],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: new Date(r.recorded_at),
    action: r.action,
    role: roleShown(r),
    department: r.department,
    purpose: r.purpose_code ? labels.purpose(r.purpose_code) : null,
    items: r.fields.map((key) =>
      r.category_code ? labels.item(r.category_code, key) : { ja: key, en: key },
    ),
  }));
}
