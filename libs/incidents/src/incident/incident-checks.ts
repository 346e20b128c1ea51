import type { RequestContext } from '@daicho/access';
import { BadUserInputError, ConflictError, todayInJapan } from '@daicho/platform';
import {
  IncidentStage,
  ReportStage,
  Rule7Basis,
  WRONGFUL_CAUSES,
  type IncidentCause,
} from '../incident-enums';
import type { IncidentReportability } from '../reportability/incident-reportability.service';
import type { RecordIncidentStepInput } from './incident.inputs';
import type { IncidentRow } from './incident-row';

// The register's checks before it writes: each refuses with what to do instead.

/** The finding that no personal data was affected: only while the scope holds nobody. */
export async function noPersonalDataFinding(
  tx: RequestContext,
  row: IncidentRow,
  input: RecordIncidentStepInput,
): Promise<string> {
  if (input.stage !== IncidentStage.INVESTIGATED && input.stage !== IncidentStage.CLOSED)
    throw new BadUserInputError(
      'noPersonalDataAffected is a finding of the investigation: record it with stage INVESTIGATED or CLOSED.',
      ['noPersonalDataAffected'],
    );
  const [held] = await tx.manager.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM incident_scope WHERE incident_id = $1`,
    [row.id],
  );
  if ((held?.n ?? 0) > 0)
    throw new ConflictError(
      `Incident ${row.number} has ${held?.n} affected record(s) in its scope: it cannot be found to affect no personal data.`,
    );
  return todayInJapan(input.actedAt);
}

/**
 * An incident closes once it is known what it affected — a scope, or the finding that no
 * personal data was — and, when reportable, once its final report went to the PPC (Rule 8).
 */
export async function assertClosable(
  tx: RequestContext,
  reportability: IncidentReportability,
  row: IncidentRow,
): Promise<void> {
  const decided = await reportability.current(tx, row);
  if (decided.basis === Rule7Basis.DECLARED_CATEGORIES)
    throw new ConflictError(
      `Incident ${row.number} has no scope: add what it affected (addAffectedRecords, addScopeByHolding, addScopeFromLedger) or record the finding that no personal data was affected (noPersonalDataAffected) before closing it.`,
    );
  if (!decided.reportable) return;
  // As the contractor, notifying the client discharges the company's duty; the client reports
  // (APPI art. 26(1) proviso; PPC Rule 9).
  if (decided.clientReports) {
    const [notified] = await tx.manager.query<{ id: string }[]>(
      `SELECT id FROM incident_client_notices WHERE incident_id = $1 LIMIT 1`,
      [row.id],
    );
    if (notified) return;
    throw new ConflictError(
      `Incident ${row.number} affects a client's entrusted data: record the notice to the client (recordClientNotice) before closing it.`,
    );
  }
  const [final] = await tx.manager.query<{ id: string }[]>(
    `SELECT id FROM incident_reports WHERE incident_id = $1 AND stage = $2`,
    [row.id, ReportStage.FINAL],
  );
  if (!final)
    throw new ConflictError(
      `Incident ${row.number} is reportable (PPC Rule 7): record its FINAL report (recordReport) before closing it.`,
    );
}

/** Every code names a row of the catalog table (categories or systems). */
export async function assertInCatalog(
  tx: RequestContext,
  table: 'data_categories' | 'storage_systems',
  codes: string[],
  field: string,
): Promise<void> {
  if (codes.length === 0) return;
  const found = await tx.manager.query<{ code: string }[]>(
    `SELECT code FROM ${table} WHERE code = ANY($1::text[])`,
    [codes],
  );
  const missing = codes.find((c) => !found.some((f) => f.code === c));
  if (missing)
    throw new BadUserInputError(`${field}[${codes.indexOf(missing)}] is not in the catalog.`, [
      field,
    ]);
}

/** A cause wrongful by nature carries the wrongful purpose (PPC guidelines 3-5-3-1 (3)). */
export function assertWrongfulCause(cause: IncidentCause, wrongfulPurpose: boolean): void {
  if (WRONGFUL_CAUSES.includes(cause) && !wrongfulPurpose)
    throw new BadUserInputError(
      `cause ${cause} is done with a wrongful purpose (PPC Rule 7(iii)): set wrongfulPurpose to true.`,
      ['wrongfulPurpose'],
    );
}
