import type { RequestContext } from '@daicho/access';
import { LedgerAction } from '@daicho/platform';
import type { DisclosedAccess } from '../letters/letter-data';
import type { CatalogLabels } from './catalog-labels';
import type { Withholding } from '../request/request-withholding';

/** The touches of a person's data a disclosure shows them (APPI art. 33: who used it, and why). */
export const DISCLOSED_ACTIONS: readonly LedgerAction[] = [
  LedgerAction.READ,
  LedgerAction.UPDATE,
  LedgerAction.EXPORT,
  LedgerAction.PROVIDE,
  LedgerAction.ENTRUST,
  LedgerAction.DISPOSE,
];

/**
 * What a listed access was done to: the person's records, hand-offs of them, and the letters and
 * packages made for their requests (their details hold counts of what was answered, no more).
 */
export const DISCLOSED_TARGETS: readonly string[] = [
  'PersonalRecord',
  'Provision',
  'Entrustment',
  'RequestLetter',
  'DisclosurePackage',
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
 * The allowed READ, UPDATE, EXPORT, PROVIDE, ENTRUST and DISPOSE entries about the persons' own
 * (disclosure-target) data, newest first, without exception-route hand-offs and the part a
 * PARTIAL decision held back: the role and department that acted (never a staff member's name), the date, the
 * purpose and the items. Only sequenced entries: each carries its number for the proof.
 */
export async function disclosedAccesses(
  tx: RequestContext,
  subjectIds: readonly string[],
  labels: CatalogLabels,
  withheld: Withholding,
): Promise<DisclosedAccess[]> {
  const rows = await tx.manager.query<AccessRow[]>(
    `SELECT e.seq::text AS seq, e.recorded_at, e.action, e.actor_kind, e.actor_role, u.department,
            e.category_code, e.purpose_code, e.fields
       FROM ledger_entries e
       LEFT JOIN users u ON e.actor_kind = 'USER' AND u.id::text = e.actor_id
      WHERE e.subject_id = ANY($1::uuid[]) AND e.action = ANY($2::text[])
        AND e.outcome = 'ALLOWED' AND e.seq IS NOT NULL
        -- Touches of the person's records and hand-offs of them, and accesses internal systems
        -- report (no target). Not the office's looks at metadata (a footprint, a register, the
        -- provision records): their details count things the answer may not tell (exception-route
        -- hand-offs, categories held back), and the package's proofs carry each entry whole.
        AND (e.target_type IS NULL OR e.target_type = ANY($5::text[]))
        AND (e.category_code IS NULL OR NOT e.category_code = ANY($4::text[]))
        -- Nor one naming a held-back item, read or withheld: the package's proofs carry each
        -- listed entry whole (its hash covers every field), so it cannot be trimmed instead.
        AND NOT EXISTS (SELECT 1 FROM unnest(e.fields) f(k)
                         WHERE e.category_code || '.' || f.k = ANY($6::text[]))
        AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(
                           CASE WHEN jsonb_typeof(e.details->'withheld') = 'array'
                                THEN e.details->'withheld' ELSE '[]'::jsonb END) w(k)
                         WHERE e.category_code || '.' || w.k = ANY($6::text[]))
        -- The company's own data only: a client's entrusted data is the client's to answer for
        -- (policy §5), its handling included.
        AND (e.category_code IS NULL OR EXISTS (SELECT 1 FROM data_categories c
                                                 WHERE c.code = e.category_code AND c.disclosure_target))
        -- A hand-off is shown as its art. 29 record would be: consent-route provisions only; one
        -- under an exception (the police, a statutory inquiry) is not told (Enforcement Order art. 11).
        -- A hand-off an internal system reports has no record to tell its route by: not shown
        -- either (the person's provision records answer art. 33(5) from the records kept).
        AND (e.action <> 'PROVIDE' OR EXISTS (SELECT 1 FROM provisions p
                                               WHERE p.id::text = e.target_id AND p.art29_required))
      ORDER BY e.seq DESC LIMIT $3`,
    [
      subjectIds,
      DISCLOSED_ACTIONS,
      MOST_ACCESSES,
      withheld.categoryCodes,
      DISCLOSED_TARGETS,
      withheld.items,
    ],
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
