import { LedgerAction } from '@daicho/platform';
import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { loadProvisions } from '../provision/provision-store';
import type { HandOffModel, ProvisionModel } from '../provision/provision.dto';
import { RECEIPT_SELECT, type ReceiptRow } from '../receipt/receipt.dto';

/** True for a role whose rules let it read every provision and receipt, without conditions. */
function readsEveryHandOff(ctx: RequestContext): boolean {
  const unconditional = (subject: 'Provision' | 'Receipt') =>
    ctx.ability
      .rulesFor('read', subject)
      .some((rule) => !rule.inverted && !rule.conditions && !rule.fields);
  return unconditional('Provision') && unconditional('Receipt');
}

/** A hand-off of the person's data, with the category it was taken from. */
export type SubjectHandOff = HandOffModel & { categoryCode: string };

/** A provision record as it concerns one person: only their hand-offs. */
export type SubjectProvision = Omit<ProvisionModel, 'handOffs'> & { handOffs: SubjectHandOff[] };

/**
 * The provision and receipt records about one person, for their request (APPI art. 33(5)). A
 * collective record names other people too: only this person's hand-offs, and only their id, go out.
 */
@Injectable()
export class SubjectProvisionRecords {
  constructor(private readonly ledger: Ledger) {}

  async forSubject(
    ctx: RequestContext,
    subjectId: string,
  ): Promise<{ provisions: SubjectProvision[]; receipts: ReceiptRow[] }> {
    // Whoever answers the person's requests, or an auditor who reads every hand-off record
    // anyway (to check the answer); a department, which sees only its own provisions, may not.
    if (!readsEveryHandOff(ctx)) await assertAllowed(ctx, 'read', 'DataSubject');
    return ctx.transaction(async (tx) => {
      const handed = await tx.manager.query<
        { provision_id: string; hand_off_id: string; category_code: string }[]
      >(
        `SELECT h.provision_id, s.hand_off_id, s.category_code FROM provision_subjects s
           JOIN hand_offs h ON h.id = s.hand_off_id WHERE s.subject_id = $1`,
        [subjectId],
      );
      // The category each hand-off took this person's data from (a rule may cover several).
      const categoryOf = new Map(handed.map((r) => [r.hand_off_id, r.category_code]));
      const provisions = (
        await loadProvisions(tx, [...new Set(handed.map((r) => r.provision_id))])
      ).map((p) => ({
        ...p,
        handOffs: p.handOffs.flatMap((h) => {
          const categoryCode = categoryOf.get(h.id);
          return categoryCode ? [{ ...h, subjectIds: [subjectId], categoryCode }] : [];
        }),
      }));
      const receipts = (
        await tx.manager.query<ReceiptRow[]>(
          `SELECT ${RECEIPT_SELECT} FROM receipts WHERE $1::uuid = ANY(subject_ids) ORDER BY received_on`,
          [subjectId],
        )
      ).map((r) => ({ ...r, subject_ids: [subjectId] }));
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'ProvisionRecords',
        subjectId,
        purposeCode: 'DATA_SUBJECT_REQUEST',
        details: { provisions: provisions.length, receipts: receipts.length },
      });
      return { provisions, receipts };
    });
  }
}
