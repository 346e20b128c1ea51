import type { RequestContext } from '@daicho/access';
import { businessDaysLeft } from './request-dates';
import type {
  DataSubjectRequestModel,
  DecisionModel,
  ExecutionModel,
  FeePaymentModel,
  IdentityCheckModel,
  PauseModel,
  ReferralModel,
  ResponseModel,
} from './request.models';
import type { RequestRow } from './request-row';
import { parseItemRef } from './request-withholding';
import { LABELS } from '@daicho/documents';
import { todayInJapan } from '@daicho/platform';
import {
  IdentityCheckResult,
  IdentityCheckSubject,
  RequestLetter,
  RequestOutcome,
} from '../request-enums';

/** A request's own columns as the GraphQL type shows them; the steps come from `requestSteps`. */
export function toRequestModel(
  row: RequestRow,
): Omit<
  DataSubjectRequestModel,
  | 'identityChecks'
  | 'feePayments'
  | 'pauses'
  | 'referrals'
  | 'decision'
  | 'execution'
  | 'response'
  | 'subjectIds'
  | 'identityConfirmed'
  | 'agencyConfirmed'
  | 'letters'
> {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    kindLabel: LABELS.requestKind[row.kind],
    status: row.status,
    statusLabel: LABELS.requestStatus[row.status],
    channel: row.channel,
    receivedAt: row.received_at,
    handlingStartsOn: row.handling_starts_on,
    dueOn: row.due_on,
    art39On: row.art39_on,
    businessDaysLeft: businessDaysLeft(row.due_on, todayInJapan(), row.paused_on),
    pausedOn: row.paused_on,
    missing: row.missing,
    disclosureMethod: row.disclosure_method,
    agentKind: row.agent_kind,
    feeRequired: row.fee_required,
    feeAmount: row.fee_amount,
    feePaid: row.fee_paid,
    closedAt: row.closed_at,
  };
}

/** What a fee payment's reference resolver needs; no GraphQL field. */
export interface SealedReference {
  owner?: RequestRow;
  /** Rows from before references were sealed. */
  clearReference: string | null;
  sealedReference: Buffer | null;
}

export interface RequestStepsView {
  subjectIds: string[];
  identityChecks: IdentityCheckModel[];
  feePayments: FeePaymentModel[];
  pauses: PauseModel[];
  referrals: ReferralModel[];
  decision: DecisionModel | null;
  execution: ExecutionModel | null;
  response: ResponseModel | null;
  identityConfirmed: boolean;
  agencyConfirmed: boolean | null;
  letters: string[];
}

/** Everything recorded on a request so far (no sealed text is opened). */
export async function requestSteps(tx: RequestContext, row: RequestRow): Promise<RequestStepsView> {
  const id = row.id;
  const q = <T>(sql: string) => tx.manager.query<T[]>(sql, [id]);
  const subjects = await q<{ subject_id: string }>(
    `SELECT subject_id FROM request_subjects WHERE request_id = $1 ORDER BY matched_at, subject_id`,
  );
  const checks = await q<IdentityCheckModel>(
    `SELECT id, subject, document_type AS "documentType", domicile_blacked_out AS "domicileBlackedOut",
            authority_document AS "authorityDocument", result, checked_by AS "checkedBy", checked_at AS "checkedAt"
       FROM request_identity_checks WHERE request_id = $1 ORDER BY checked_at, id`,
  );
  const fees = await q<FeePaymentModel & SealedReference>(
    `SELECT id, amount, method, received_on::text AS "receivedOn", NULL AS reference,
            reference AS "clearReference", sealed_reference AS "sealedReference"
       FROM request_fee_payments WHERE request_id = $1 ORDER BY recorded_at, id`,
  );
  for (const fee of fees) fee.owner = row;
  const pauses = await q<PauseModel>(
    `SELECT missing, paused_on::text AS "pausedOn", resumed_on::text AS "resumedOn", business_days AS "businessDays"
       FROM request_pauses WHERE request_id = $1 ORDER BY paused_on, id`,
  );
  const referrals = await q<ReferralModel>(
    `SELECT id, recipient_code AS "recipientCode", sent_on::text AS "sentOn",
            instruction_received_on::text AS "instructionReceivedOn", sealed_instruction IS NOT NULL AS "hasInstruction"
       FROM request_referrals WHERE request_id = $1 ORDER BY sent_on, id`,
  );
  const [decided] = await q<
    Omit<DecisionModel, 'withheld'> & { withheldCategories: string[]; withheldItems: string[] }
  >(
    `SELECT outcome, grounds, exemption, measure, decided_by AS "decidedBy", decided_at AS "decidedAt",
            withheld_categories AS "withheldCategories", withheld_items AS "withheldItems"
       FROM request_decisions WHERE request_id = $1`,
  );
  const decision: DecisionModel | undefined = decided && {
    outcome: decided.outcome,
    grounds: decided.grounds,
    exemption: decided.exemption,
    measure: decided.measure,
    decidedBy: decided.decidedBy,
    decidedAt: decided.decidedAt,
    withheld:
      decided.outcome === RequestOutcome.PARTIAL
        ? {
            categoryCodes: decided.withheldCategories,
            items: decided.withheldItems.map(parseItemRef),
          }
        : null,
  };
  const [execution] = await q<{
    summary: Omit<ExecutionModel, 'executedAt' | 'executedBy'>;
    executedAt: Date;
    executedBy: string;
  }>(
    `SELECT summary, executed_at AS "executedAt", executed_by AS "executedBy" FROM request_executions WHERE request_id = $1`,
  );
  const [response] = await q<ResponseModel>(
    `SELECT sent_on::text AS "sentOn", method FROM request_responses WHERE request_id = $1`,
  );
  const latest = (subject: IdentityCheckSubject) =>
    checks.filter((c) => c.subject === subject).at(-1)?.result === IdentityCheckResult.CONFIRMED;
  const letters: string[] = [RequestLetter.ACKNOWLEDGEMENT];
  if (pauses.length > 0) letters.push(RequestLetter.MISSING_ITEMS);
  if (decision?.outcome === RequestOutcome.REFUSE || decision?.outcome === RequestOutcome.PARTIAL)
    letters.push(RequestLetter.REFUSAL);
  if (execution) letters.push(RequestLetter.RESPONSE);
  return {
    subjectIds: subjects.map((s) => s.subject_id),
    identityChecks: checks,
    feePayments: fees,
    pauses,
    referrals,
    decision: decision ?? null,
    execution: execution
      ? { ...execution.summary, executedAt: execution.executedAt, executedBy: execution.executedBy }
      : null,
    response: response ?? null,
    identityConfirmed: latest(IdentityCheckSubject.REQUESTER),
    agencyConfirmed: row.agent_kind ? latest(IdentityCheckSubject.AGENT) : null,
    letters,
  };
}
