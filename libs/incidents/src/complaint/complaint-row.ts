import type { RequestContext } from '@daicho/access';
import { NotFoundError } from '@daicho/platform';
import type {
  ComplaintChannel,
  ComplaintOutcome,
  ComplaintStatus,
  ComplaintSubject,
} from './complaint-enums';

/** The catalog category the complainants' own data is kept in (sealed like every holding). */
export const COMPLAINANT_CATEGORY = 'COMPLAINANT';
/** The purpose the complainant's data is used for: answering the complaint (APPI art. 40). */
export const COMPLAINT_PURPOSE = 'COMPLAINT_HANDLING';

/** A row of complaints as the services read it (dates as YYYY-MM-DD text). */
export interface ComplaintRow {
  id: string;
  number: string;
  received_at: Date;
  channel: ComplaintChannel;
  subject: ComplaintSubject;
  status: ComplaintStatus;
  target_on: string;
  complainant_subject_id: string;
  complainant_record_id: string;
  incident_id: string | null;
  referred_to_jipdec_on: string | null;
  outcome: ComplaintOutcome | null;
  sealed_outcome_note: Buffer | null;
  created_at: Date;
  closed_at: Date | null;
  version: number;
}

/** The select list that yields a ComplaintRow from `complaints c`. */
export const COMPLAINT_SELECT = `c.id, c.number, c.received_at, c.channel, c.subject, c.status,
  c.target_on::text AS target_on, c.complainant_subject_id, c.complainant_record_id,
  c.incident_id, c.referred_to_jipdec_on::text AS referred_to_jipdec_on, c.outcome,
  c.sealed_outcome_note, c.created_at, c.closed_at, c.version`;

/** The complaint, locked for a step (every change to a complaint takes this lock first). */
export async function lockComplaint(tx: RequestContext, id: string): Promise<ComplaintRow> {
  const [row] = await tx.manager.query<ComplaintRow[]>(
    `SELECT ${COMPLAINT_SELECT} FROM complaints c WHERE c.id = $1 FOR UPDATE`,
    [id],
  );
  if (!row) throw new NotFoundError(`There is no complaint ${id}.`);
  return row;
}
