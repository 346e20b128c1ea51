import { businessDaysBetween, todayInJapan } from '@daicho/platform';
import { ComplaintStatus } from './complaint-enums';
import type { ComplaintModel } from './complaint.models';
import type { ComplaintRow } from './complaint-row';

/** What a complaint shows before its resolved fields (the sealed side and the steps). */
export type ComplaintFacts = Omit<
  ComplaintModel,
  'complainant' | 'content' | 'steps' | 'outcomeNote'
>;

/** The row behind a returned complaint, for its resolved fields (never a GraphQL field itself). */
const ROWS = new WeakMap<object, ComplaintRow>();

/** A complaint as GraphQL returns it: dates and codes, remembering its row for the rest. */
export function complaintModel(row: ComplaintRow, today = todayInJapan()): ComplaintFacts {
  const open = row.status !== ComplaintStatus.CLOSED;
  const model: ComplaintFacts = {
    id: row.id,
    number: row.number,
    receivedAt: row.received_at,
    channel: row.channel,
    subject: row.subject,
    status: row.status,
    targetOn: row.target_on,
    overdue: open && row.target_on < today,
    businessDaysLeft: businessDaysBetween(today, row.target_on),
    incidentId: row.incident_id,
    referredToJipdecOn: row.referred_to_jipdec_on,
    outcome: row.outcome,
    closedAt: row.closed_at,
  };
  ROWS.set(model, row);
  return model;
}

/** The row a complaint model was made from. */
export function rowOf(model: object): ComplaintRow {
  const row = ROWS.get(model);
  if (!row) throw new Error('a complaint model without its row');
  return row;
}
