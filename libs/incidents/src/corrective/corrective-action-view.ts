import type { RequestContext } from '@daicho/access';
import { type HoldingsKeys, openInFile } from '@daicho/holdings';
import { todayInJapan } from '@daicho/platform';
import type { CorrectiveActionModel } from './corrective-action.models';
import { readsCorrectiveActionTexts } from './corrective-action-access';
import { correctiveActionAad, type CorrectiveActionRow } from './corrective-action-row';

/** A corrective action as GraphQL shows it; its sealed texts opened only for who may read them. */
export async function correctiveActionModel(
  ctx: RequestContext,
  keys: HoldingsKeys,
  row: CorrectiveActionRow,
  today = todayInJapan(),
): Promise<CorrectiveActionModel> {
  const aad = (field: string) => correctiveActionAad(row.id, field);
  const sealed = [
    { aad: aad('cause'), bytes: row.sealed_cause },
    { aad: aad('action'), bytes: row.sealed_action },
    ...(row.sealed_effectiveness_note
      ? [{ aad: aad('effectivenessNote'), bytes: row.sealed_effectiveness_note }]
      : []),
  ];
  const texts = readsCorrectiveActionTexts(ctx, row)
    ? await openInFile(ctx, keys, row.file_id, sealed)
    : [];
  const open = row.effectiveness_checked_on === null;
  return {
    id: row.id,
    source: row.source_type,
    incidentId: row.incident_id,
    complaintId: row.complaint_id,
    ownerId: row.owner_id,
    dueOn: row.due_on,
    doneOn: row.done_on,
    effective: row.effective,
    effectivenessCheckedOn: row.effectiveness_checked_on,
    open,
    overdue: open && row.done_on === null && row.due_on < today,
    openedAt: row.created_at,
    cause: texts[0] ?? null,
    action: texts[1] ?? null,
    effectivenessNote: texts[2] ?? null,
  };
}
