import type { RequestContext } from '@daicho/access';
import { HoldingsKeys, openInFile } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { LedgerAction } from '@daicho/platform';
import { INCIDENT_LABELS } from '../report/report-labels';
import { deadlineBusinessDay } from './incident-clocks';
import { readsIncidentTexts } from './incident-access';
import type { IncidentModel } from './incident.models';
import { incidentTextAad, type IncidentRow } from './incident-row';

/** An incident as GraphQL shows it; its sealed texts opened only for who may read them. */
export async function incidentModel(
  ctx: RequestContext,
  keys: HoldingsKeys,
  ledger: Ledger,
  row: IncidentRow,
  /** Whether the answer asks for the texts: opening them is a look, recorded, so only then. */
  textsAsked: boolean,
): Promise<Omit<IncidentModel, 'steps' | 'reports' | 'clientNotices'>> {
  // Opening the texts is a look of its own, recorded in the same transaction.
  const texts =
    textsAsked && readsIncidentTexts(ctx, row)
      ? await ctx.transaction(async (tx) => {
          const opened = await openInFile(tx, keys, row.file_id, [
            { aad: incidentTextAad(row.id, 'title'), bytes: row.sealed_title },
            { aad: incidentTextAad(row.id, 'description'), bytes: row.sealed_description },
          ]);
          await ledger.append(tx, {
            action: LedgerAction.READ,
            targetType: 'Incident',
            targetId: row.id,
            purposeCode: 'INCIDENT_RESPONSE',
            fields: ['title', 'description'],
            details: { view: 'texts' },
          });
          return opened;
        })
      : [null, null];
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    cause: row.cause,
    wrongfulPurpose: row.wrongful_purpose,
    stage: row.stage,
    stageLabel: INCIDENT_LABELS.stage[row.stage],
    discoveredAt: row.discovered_at,
    awareAt: row.aware_at,
    preliminaryDueOn: row.preliminary_due_on,
    preliminaryOverdueOn: row.preliminary_overdue_on,
    finalDueOn: row.final_due_on,
    finalDueBusinessDay: deadlineBusinessDay(row.final_due_on),
    categoryCodes: row.category_codes,
    systemCodes: row.system_codes,
    encryptionExempt: row.encryption_exempt,
    reportedByRole: row.reported_by_role,
    closedAt: row.closed_at,
    title: texts[0] ?? null,
    description: texts[1] ?? null,
  };
}
