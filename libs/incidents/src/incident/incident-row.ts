import type { RequestContext } from '@daicho/access';
import { NotFoundError } from '@daicho/platform';
import type { IncidentCause, IncidentKind, IncidentStage } from '../incident-enums';

/** A row of incidents as the services read it (dates as YYYY-MM-DD text). */
export interface IncidentRow {
  id: string;
  number: string;
  kind: IncidentKind;
  cause: IncidentCause;
  wrongful_purpose: boolean;
  stage: IncidentStage;
  discovered_at: Date;
  aware_at: Date;
  preliminary_due_on: string;
  preliminary_overdue_on: string;
  final_due_on: string;
  category_codes: string[];
  system_codes: string[];
  file_id: string;
  sealed_title: Buffer;
  sealed_description: Buffer;
  encryption_exempt: boolean;
  /** The day the CPO found that no personal data was affected (YYYY-MM-DD), if so. */
  no_personal_data_found_on: string | null;
  sealed_exemption_note: Buffer | null;
  reported_by: string;
  reported_by_role: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  version: number;
}

/** The select list that yields an IncidentRow from `incidents i`. */
export const INCIDENT_SELECT = `i.id, i.number, i.kind, i.cause, i.wrongful_purpose, i.stage,
  i.discovered_at, i.aware_at, i.preliminary_due_on::text AS preliminary_due_on,
  i.preliminary_overdue_on::text AS preliminary_overdue_on, i.final_due_on::text AS final_due_on,
  i.category_codes, i.system_codes, i.file_id, i.sealed_title, i.sealed_description,
  i.encryption_exempt, i.no_personal_data_found_on::text AS no_personal_data_found_on,
  i.sealed_exemption_note, i.reported_by, i.reported_by_role, i.created_at,
  i.updated_at, i.closed_at, i.version`;

/** The incident, locked for a step (every change to an incident takes this lock first). */
export async function lockIncident(tx: RequestContext, id: string): Promise<IncidentRow> {
  const [row] = await tx.manager.query<IncidentRow[]>(
    `SELECT ${INCIDENT_SELECT} FROM incidents i WHERE i.id = $1 FOR UPDATE`,
    [id],
  );
  if (!row) throw new NotFoundError(`There is no incident ${id}.`);
  return row;
}

/** Binds a sealed text to its incident and field (copied elsewhere it fails authentication). */
export const incidentTextAad = (incidentId: string, field: string) =>
  `incident:${incidentId}:${field}`;
