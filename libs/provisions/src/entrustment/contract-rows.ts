import type { RequestContext } from '@daicho/access';
import { plusMonths } from '@daicho/platform';
import type { EndHandling, ReviewResult } from '../provision-enums';
import type { EntrustmentContractModel } from './entrustment.dto';

// Entrustment contracts and their supervision reviews as stored, and as the API answers them.

export interface ContractRow {
  id: string;
  contractor_id: string;
  contractor_name: string;
  title: string;
  scope: { categoryCode: string; items: string[] }[];
  confidentiality_clause: string;
  security_clause: string;
  starts_on: string;
  ends_on: string;
  end_handling: EndHandling;
  review_interval_months: number;
  ended_on: string | null;
  end_confirmation: string | null;
}

interface ReviewRow {
  id: string;
  contract_id: string;
  reviewed_on: string;
  reviewer: string;
  result: ReviewResult;
  findings: string;
  next_due_on: string;
}

export const CONTRACT_SELECT = `c.id, c.contractor_id, p.name AS contractor_name, c.title, c.scope,
  c.confidentiality_clause, c.security_clause, c.starts_on::text AS starts_on, c.ends_on::text AS ends_on,
  c.end_handling, c.review_interval_months, c.ended_on::text AS ended_on, c.end_confirmation`;

/** The contract with its contractor's name; locked for the transaction when asked. */
export async function findContract(
  ctx: RequestContext,
  id: string,
  lock: boolean | 'share',
): Promise<ContractRow | undefined> {
  const clause = lock === 'share' ? 'FOR SHARE OF c' : lock ? 'FOR UPDATE OF c' : '';
  const [row] = await ctx.manager.query<ContractRow[]>(
    `SELECT ${CONTRACT_SELECT} FROM entrustment_contracts c JOIN parties p ON p.id = c.contractor_id
      WHERE c.id = $1 ${clause}`,
    [id],
  );
  return row;
}

/** Contracts as the API answers them, with their supervision reviews and the next due date. */
export async function contractModels(
  ctx: RequestContext,
  rows: ContractRow[],
): Promise<EntrustmentContractModel[]> {
  const reviews = await ctx.manager.query<ReviewRow[]>(
    `SELECT id, contract_id, reviewed_on::text AS reviewed_on, reviewer, result, findings,
            next_due_on::text AS next_due_on
       FROM supervision_reviews WHERE contract_id = ANY($1::uuid[]) ORDER BY reviewed_on, created_at`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => {
    const own = reviews.filter((v) => v.contract_id === r.id);
    return {
      id: r.id,
      contractorId: r.contractor_id,
      contractorName: r.contractor_name,
      title: r.title,
      scope: r.scope,
      confidentialityClause: r.confidentiality_clause,
      securityClause: r.security_clause,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      endHandling: r.end_handling,
      reviewIntervalMonths: r.review_interval_months,
      endedOn: r.ended_on,
      endConfirmation: r.end_confirmation,
      reviewDueOn: own.at(-1)?.next_due_on ?? plusMonths(r.starts_on, r.review_interval_months),
      reviews: own.map((v) => ({
        id: v.id,
        reviewedOn: v.reviewed_on,
        reviewer: v.reviewer,
        result: v.result,
        findings: v.findings,
        nextDueOn: v.next_due_on,
      })),
    };
  });
}

export interface DueRow {
  id: string;
  contractor_name: string;
  title: string;
  due_on: string;
  last_reviewed_on: string | null;
}

/**
 * Live contracts (not ended, term not over by `asOf`) whose next review falls on or before
 * `until`, in keyset order (due date, id) after `after`, at most `limit`. The next review is the
 * last review's next_due_on, or one interval after the start (month ends clamp, as plusMonths).
 */
export function dueContracts(
  ctx: RequestContext,
  window: { asOf: string; until: string },
  after: { sortKey: string; id: string } | null,
  limit: number,
): Promise<DueRow[]> {
  return ctx.manager.query<DueRow[]>(
    `SELECT d.id, d.contractor_name, d.title, d.due_on::text AS due_on,
            d.last_reviewed_on::text AS last_reviewed_on
       FROM (SELECT c.id, p.name AS contractor_name, c.title, last.reviewed_on AS last_reviewed_on,
                    COALESCE(last.next_due_on,
                             (c.starts_on + make_interval(months => c.review_interval_months))::date)
                      AS due_on
               FROM entrustment_contracts c JOIN parties p ON p.id = c.contractor_id
               LEFT JOIN LATERAL (
                 SELECT v.reviewed_on, v.next_due_on FROM supervision_reviews v
                  WHERE v.contract_id = c.id ORDER BY v.reviewed_on DESC, v.created_at DESC LIMIT 1
               ) last ON true
              WHERE c.ended_on IS NULL AND c.ends_on >= $1::date) d
      WHERE d.due_on <= $2::date AND ($3::date IS NULL OR (d.due_on, d.id) > ($3::date, $4::uuid))
      ORDER BY d.due_on, d.id LIMIT $5`,
    [window.asOf, window.until, after?.sortKey ?? null, after?.id ?? null, limit],
  );
}
