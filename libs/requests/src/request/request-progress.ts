import { RequestStatus } from '../request-enums';
import { dueAfterPause, pausedBusinessDays } from './request-dates';
import { MissingItem, type RequestRow, type RequestState } from './request-row';

/** What the checks and payments so far say about a request (policy "Procedures" §2–4). */
export interface Completeness {
  requesterConfirmed: boolean;
  /** Null when no agent acts: then nothing about an agent is needed. */
  agentConfirmed: boolean | null;
  feeRequired: boolean;
  feeAmount: number;
  feePaid: number;
}

/** What the request still lacks before it can be answered. */
export function lacking(c: Completeness): MissingItem[] {
  const items: MissingItem[] = [];
  if (!c.requesterConfirmed) items.push(MissingItem.IDENTITY_DOCUMENT);
  if (c.agentConfirmed === false) items.push(MissingItem.AGENCY_DOCUMENT);
  if (c.feeRequired && c.feePaid < c.feeAmount) items.push(MissingItem.FEE);
  return items;
}

/** The statuses in which the requester can still complete a request. */
export const OPEN_FOR_STEPS: readonly RequestStatus[] = [
  RequestStatus.RECEIVED,
  RequestStatus.INCOMPLETE,
  RequestStatus.IN_PROGRESS,
];

export interface Settled {
  state: RequestState;
  /** The status changed (a ledger entry names the new one). */
  changed: boolean;
  /** A pause that ended with this step: its business days moved the internal target. */
  resumed: { pausedOn: string; resumedOn: string; businessDays: number } | null;
}

/**
 * Where a request stands after a step. Something the company asked for (or a step found
 * missing) and still lacking makes it INCOMPLETE, and the internal clock pauses from that day;
 * a complete request is IN_PROGRESS; otherwise it waits as RECEIVED for the checks. A pause
 * that ends moves dueOn by the business days it lasted; the art. 39 date never moves.
 */
export function settle(
  row: Pick<RequestRow, 'status' | 'due_on' | 'paused_on' | 'missing' | 'fee_paid' | 'closed_at'>,
  completeness: Completeness,
  newlyMissing: readonly MissingItem[],
  today: string,
): Settled {
  const stillLacking = lacking(completeness);
  const asked = [...new Set([...row.missing, ...newlyMissing])];
  const missing = asked.filter((item) => stillLacking.includes(item)).sort();
  const status =
    missing.length > 0
      ? RequestStatus.INCOMPLETE
      : stillLacking.length === 0
        ? RequestStatus.IN_PROGRESS
        : RequestStatus.RECEIVED;
  let dueOn = row.due_on;
  let pausedOn = row.paused_on;
  let resumed: Settled['resumed'] = null;
  if (status === RequestStatus.INCOMPLETE) {
    pausedOn ??= today;
  } else if (pausedOn !== null) {
    resumed = { pausedOn, resumedOn: today, businessDays: pausedBusinessDays(pausedOn, today) };
    dueOn = dueAfterPause(row.due_on, pausedOn, today);
    pausedOn = null;
  }
  return {
    state: {
      status,
      due_on: dueOn,
      paused_on: pausedOn,
      missing,
      fee_paid: completeness.feePaid,
      closed_at: row.closed_at,
    },
    changed: status !== row.status,
    resumed,
  };
}
