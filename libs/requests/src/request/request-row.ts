import type { RequestContext } from '@daicho/access';
import { NotFoundError } from '@daicho/platform';
import type {
  AgentKind,
  DisclosureMethod,
  RequestChannel,
  RequestKind,
  RequestStatus,
} from '../request-enums';

/** What is still missing from a request, as the letter asking for it lists it. */
export enum MissingItem {
  IDENTITY_DOCUMENT = 'IDENTITY_DOCUMENT',
  AGENCY_DOCUMENT = 'AGENCY_DOCUMENT',
  FEE = 'FEE',
}

/** A row of data_subject_requests as the service reads it (dates as YYYY-MM-DD text). */
export interface RequestRow {
  id: string;
  number: string;
  kind: RequestKind;
  status: RequestStatus;
  channel: RequestChannel;
  received_at: Date;
  handling_starts_on: string;
  due_on: string;
  art39_on: string;
  paused_on: string | null;
  missing: MissingItem[];
  disclosure_method: DisclosureMethod | null;
  agent_kind: AgentKind | null;
  requester_subject_id: string;
  requester_record_id: string;
  fee_required: boolean;
  fee_amount: number;
  fee_paid: number;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  version: number;
}

/** The select list that yields a RequestRow from `data_subject_requests r`. */
export const REQUEST_SELECT = `r.id, r.number, r.kind, r.status, r.channel, r.received_at,
  r.handling_starts_on::text AS handling_starts_on, r.due_on::text AS due_on,
  r.art39_on::text AS art39_on, r.paused_on::text AS paused_on, r.missing, r.disclosure_method,
  r.agent_kind, r.requester_subject_id, r.requester_record_id, r.fee_required, r.fee_amount,
  r.fee_paid, r.created_at, r.updated_at, r.closed_at, r.version`;

/** The request, locked for a change (every step of a request takes this lock first). */
export async function lockRequest(tx: RequestContext, id: string): Promise<RequestRow> {
  const [row] = await tx.manager.query<RequestRow[]>(
    `SELECT ${REQUEST_SELECT} FROM data_subject_requests r WHERE r.id = $1 FOR UPDATE`,
    [id],
  );
  if (!row) throw new NotFoundError(`There is no request ${id}.`);
  return row;
}

/** The columns a step may change. */
export type RequestState = Pick<
  RequestRow,
  'status' | 'due_on' | 'paused_on' | 'missing' | 'fee_paid' | 'closed_at'
>;

/** Writes a request's changeable columns as `state` has them, and bumps its version. */
export async function saveRequest(tx: RequestContext, id: string, state: RequestState) {
  await tx.manager.query(
    `UPDATE data_subject_requests
        SET status = $2, due_on = $3, paused_on = $4, missing = $5, fee_paid = $6, closed_at = $7,
            version = version + 1, updated_at = now()
      WHERE id = $1`,
    [
      id,
      state.status,
      state.due_on,
      state.paused_on,
      state.missing,
      state.fee_paid,
      state.closed_at,
    ],
  );
}
