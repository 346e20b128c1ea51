import { rulesToSql, type RequestContext, type SqlColumn } from '@daicho/access';
import {
  ProvisionStatus,
  needsApproval,
  type HandOffMethod,
  type ProvisionRoute,
} from '../provision-enums';
import type { ProvisionModel } from './provision.dto';

/**
 * The provision tables, one way: raw SQL with numbered parameters and a typed row per query.
 * Every function takes the (transaction's) context first.
 */

interface ProvisionRow {
  id: string;
  rule_code: string;
  party_id: string;
  route: ProvisionRoute;
  art29_required: boolean;
  recipient: ProvisionModel['recipient'];
  category_codes: string[];
  items: string[];
  purpose_at_recipient: string;
  collective: boolean;
  corrects_id: string | null;
  correction_note: string | null;
  retain_until: string;
  created_by: string;
  created_at: Date;
  decision: string | null;
  note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

interface HandOffRow {
  id: string;
  provision_id: string;
  handed_on: string;
  method: HandOffMethod;
  person_in_charge: string;
  subject_ids: string[];
}

export function statusOf(route: ProvisionRoute, decision: string | null): ProvisionStatus {
  if (!needsApproval(route)) return ProvisionStatus.RECORDED;
  if (decision === 'APPROVED') return ProvisionStatus.APPROVED;
  if (decision === 'REJECTED') return ProvisionStatus.REJECTED;
  return ProvisionStatus.PENDING_APPROVAL;
}

/** The decision of an exception-route record; its columns are set together or not at all. */
function approvalOf(r: ProvisionRow): ProvisionModel['approval'] {
  if (r.decision === null) return null;
  if (r.note === null || r.decided_by === null || r.decided_at === null) {
    throw new Error(`Provision ${r.id} has an incomplete approval row.`);
  }
  return { decision: r.decision, note: r.note, decidedBy: r.decided_by, decidedAt: r.decided_at };
}

/** Loads provision records whole (hand-offs, subjects, approval), in the order of `ids`. */
export async function loadProvisions(
  ctx: RequestContext,
  ids: readonly string[],
): Promise<ProvisionModel[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.manager.query<ProvisionRow[]>(
    // A record is kept its rule's years from its last hand-off (PPC Rules art. 21): a collective
    // record's later hand-offs move the day from the one stored with its first (records are
    // insert-only, so the day is worked out here; rules are insert-only too).
    `SELECT p.*, a.decision, a.note, a.decided_by, a.decided_at,
            greatest(p.retain_until,
                     ((SELECT max(h.handed_on) FROM hand_offs h WHERE h.provision_id = p.id)
                      + make_interval(years => r.record_retention_years))::date)::text AS retain_until
       FROM provisions p JOIN provision_rules r ON r.code = p.rule_code
       LEFT JOIN provision_approvals a ON a.provision_id = p.id
      WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  const handOffs = await ctx.manager.query<HandOffRow[]>(
    `SELECT h.id, h.provision_id, h.handed_on::text AS handed_on, h.method, h.person_in_charge,
            array_agg(s.subject_id::text ORDER BY s.subject_id) AS subject_ids
       FROM hand_offs h JOIN provision_subjects s ON s.hand_off_id = h.id
      WHERE h.provision_id = ANY($1::uuid[])
      GROUP BY h.id ORDER BY h.handed_on, h.created_at`,
    [ids],
  );
  const byId = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        ruleCode: r.rule_code,
        partyId: r.party_id,
        route: r.route,
        art29Required: r.art29_required,
        status: statusOf(r.route, r.decision),
        recipient: r.recipient,
        categoryCodes: r.category_codes,
        items: r.items,
        purposeAtRecipient: r.purpose_at_recipient,
        collective: r.collective,
        correctsId: r.corrects_id,
        correctionNote: r.correction_note,
        retainUntil: r.retain_until,
        createdBy: r.created_by,
        createdAt: r.created_at,
        handOffs: handOffs
          .filter((h) => h.provision_id === r.id)
          .map((h) => ({
            id: h.id,
            handedOn: h.handed_on,
            method: h.method,
            personInCharge: h.person_in_charge,
            subjectIds: h.subject_ids,
          })),
        approval: approvalOf(r),
      } satisfies ProvisionModel,
    ]),
  );
  return ids.flatMap((id) => {
    const found = byId.get(id);
    return found ? [found] : [];
  });
}

const PROVISION_COLUMNS: Record<string, SqlColumn> = {
  createdBy: { column: 'p.created_by', type: 'text', nullable: false },
};

/** The keyset's parameters ($1–$5); the role's rules are numbered after them. */
const LIST_PARAMS = 5;
const LIST_ORDER = {
  newest: `AND ($3::timestamptz IS NULL OR (p.created_at, p.id) < ($3::timestamptz, $4::uuid))
    ORDER BY p.created_at DESC, p.id DESC`,
  oldest: `AND ($3::timestamptz IS NULL OR (p.created_at, p.id) > ($3::timestamptz, $4::uuid))
    ORDER BY p.created_at, p.id`,
} as const;

export interface ProvisionKey {
  id: string;
  created_at: Date;
}

/**
 * The records the caller may read (the role's rules in the SQL) with a hand-off in the range, in
 * keyset order after `after`, at most `limit` (all when left out); null when the role may read
 * none at all.
 */
export async function readableProvisionKeys(
  ctx: RequestContext,
  filter: {
    from?: string;
    to?: string;
    after?: { createdAt: Date; id: string };
    limit?: number;
    order: keyof typeof LIST_ORDER;
  },
): Promise<ProvisionKey[] | null> {
  const where = rulesToSql(ctx.ability, 'read', 'Provision', PROVISION_COLUMNS, LIST_PARAMS + 1);
  if (!where) return null;
  return ctx.manager.query<ProvisionKey[]>(
    `SELECT p.id, p.created_at FROM provisions p
      WHERE EXISTS (SELECT 1 FROM hand_offs h WHERE h.provision_id = p.id
                       AND h.handed_on >= $1::date AND h.handed_on <= $2::date)
        AND ${where.text} ${LIST_ORDER[filter.order]} LIMIT $5`,
    [
      filter.from ?? '0001-01-01',
      filter.to ?? '9999-12-31',
      filter.after?.createdAt ?? null,
      filter.after?.id ?? null,
      filter.limit ?? null,
      ...where.values,
    ],
  );
}

/** Who made the record (what the read rules look at), or undefined when there is none. */
export async function creatorOf(ctx: RequestContext, id: string): Promise<string | undefined> {
  const [row] = await ctx.manager.query<{ created_by: string }[]>(
    `SELECT created_by FROM provisions WHERE id = $1`,
    [id],
  );
  return row?.created_by;
}
