import { registerEnumType } from '@nestjs/graphql';

/** Where a corrective action comes from (JIS Q 15001: nonconformities found in any of them). */
export enum CorrectiveActionSource {
  INCIDENT = 'INCIDENT',
  COMPLAINT = 'COMPLAINT',
  /** An internal audit's finding. */
  AUDIT = 'AUDIT',
}
registerEnumType(CorrectiveActionSource, { name: 'CorrectiveActionSource' });

/** A row of corrective_actions as the services read it (dates as YYYY-MM-DD text). */
export interface CorrectiveActionRow {
  id: string;
  source_type: CorrectiveActionSource;
  incident_id: string | null;
  complaint_id: string | null;
  file_id: string;
  sealed_cause: Buffer;
  sealed_action: Buffer;
  owner_id: string;
  due_on: string;
  done_on: string | null;
  /** Who recorded it done (a user id, or the actor's kind): never the one who checks it. */
  done_by: string | null;
  sealed_done_note: Buffer | null;
  effective: boolean | null;
  effectiveness_checked_on: string | null;
  sealed_effectiveness_note: Buffer | null;
  created_by: string;
  created_at: Date;
  version: number;
}

/** The select list that yields a CorrectiveActionRow from `corrective_actions a`. */
export const CORRECTIVE_ACTION_SELECT = `a.id, a.source_type, a.incident_id, a.complaint_id,
  a.file_id, a.sealed_cause, a.sealed_action, a.owner_id, a.due_on::text AS due_on,
  a.done_on::text AS done_on, a.done_by, a.sealed_done_note, a.effective,
  a.effectiveness_checked_on::text AS effectiveness_checked_on, a.sealed_effectiveness_note,
  a.created_by, a.created_at, a.version`;

/** Binds a sealed text to its corrective action and field (moved elsewhere it fails to open). */
export const correctiveActionAad = (id: string, field: string) =>
  `corrective-action:${id}:${field}`;

/** The purpose an action's entries name: that of what it corrects (none for an audit finding). */
export function purposeOf(row: Pick<CorrectiveActionRow, 'source_type'>): string | undefined {
  switch (row.source_type) {
    case CorrectiveActionSource.INCIDENT:
      return 'INCIDENT_RESPONSE';
    case CorrectiveActionSource.COMPLAINT:
      return 'COMPLAINT_HANDLING';
    case CorrectiveActionSource.AUDIT:
      return undefined;
  }
}
