import type { RequestContext } from '@daicho/access';
import { type HoldingsKeys, openInFile } from '@daicho/holdings';
import type { Ledger } from '@daicho/ledger';
import { LedgerAction, todayInJapan } from '@daicho/platform';
import type { CorrectiveActionModel } from './corrective-action.models';
import { readsCorrectiveActionTexts } from './corrective-action-access';
import { correctiveActionAad, purposeOf, type CorrectiveActionRow } from './corrective-action-row';

/**
 * A corrective action as GraphQL shows it; its sealed texts opened only when the answer asks for
 * one (`wantsTexts`) and for who may read them, each opening a READ entry naming the texts, in its
 * own transaction (a query's or a change's answer alike).
 */
export async function correctiveActionModel(
  ctx: RequestContext,
  keys: HoldingsKeys,
  ledger: Ledger,
  row: CorrectiveActionRow,
  wantsTexts: boolean,
  today = todayInJapan(),
): Promise<CorrectiveActionModel> {
  const aad = (field: string) => correctiveActionAad(row.id, field);
  const sealed = [
    { aad: aad('cause'), bytes: row.sealed_cause },
    { aad: aad('action'), bytes: row.sealed_action },
  ];
  // The notes follow at positions 2 and 3, each when it is there.
  const notes = [
    { field: 'doneNote', bytes: row.sealed_done_note },
    { field: 'effectivenessNote', bytes: row.sealed_effectiveness_note },
  ];
  const fields = ['cause', 'action'];
  for (const { field, bytes } of notes)
    if (bytes) {
      sealed.push({ aad: aad(field), bytes });
      fields.push(field);
    }
  const texts =
    wantsTexts && readsCorrectiveActionTexts(ctx, row)
      ? await ctx.transaction(async (tx) => {
          const opened = await openInFile(tx, keys, row.file_id, sealed);
          await ledger.append(tx, {
            action: LedgerAction.READ,
            targetType: 'CorrectiveAction',
            targetId: row.id,
            purposeCode: purposeOf(row),
            fields,
            details: { view: 'texts' },
          });
          return opened;
        })
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
    doneNote: row.sealed_done_note ? (texts[2] ?? null) : null,
    effectivenessNote: row.sealed_effectiveness_note
      ? (texts[row.sealed_done_note ? 3 : 2] ?? null)
      : null,
  };
}
