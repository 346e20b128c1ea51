import type { RequestContext } from '@daicho/access';
import { IdentityCheckResult, IdentityCheckSubject } from '../request-enums';
import type { Completeness } from './request-progress';
import type { RequestRow } from './request-row';

/** The latest check of the requester and of the agent, and the fee paid, as Completeness. */
export async function completenessOf(
  tx: RequestContext,
  row: RequestRow,
  feePaid = row.fee_paid,
): Promise<Completeness> {
  const latest = await tx.manager.query<
    { subject: IdentityCheckSubject; result: IdentityCheckResult }[]
  >(
    `SELECT DISTINCT ON (subject) subject, result FROM request_identity_checks
      WHERE request_id = $1 ORDER BY subject, checked_at DESC, id DESC`,
    [row.id],
  );
  const confirmed = (subject: IdentityCheckSubject) =>
    latest.some((c) => c.subject === subject && c.result === IdentityCheckResult.CONFIRMED);
  return {
    requesterConfirmed: confirmed(IdentityCheckSubject.REQUESTER),
    agentConfirmed: row.agent_kind ? confirmed(IdentityCheckSubject.AGENT) : null,
    feeRequired: row.fee_required,
    feeAmount: row.fee_amount,
    feePaid,
  };
}
