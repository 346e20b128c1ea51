import type { RequestContext } from '@daicho/access';
import { RecordReader } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { SubjectProvisionRecords } from '@daicho/provisions';
import { LedgerAction, todayInJapan } from '@daicho/platform';
import { Injectable } from '@nestjs/common';
import type { DisclosedRecord, ResponseContent } from '../letters/letter-data';
import { RequestKind } from '../request-enums';
import { REQUEST_PURPOSE } from '../request/request-intake.service';
import type { RequestRow } from '../request/request-row';
import { retainedRecords, type RetainedRecord } from '../request/retained-records';
import { answeredHandOffs } from '../request/answered-hand-offs';
import {
  answeredRecords,
  decidedWithholding,
  withheldItemsOf,
  type Withholding,
} from '../request/request-withholding';
import type { CatalogLabels } from './catalog-labels';
import { disclosedAccesses } from './disclosure-accesses';

/** Whether the reader sees the person's values (the CPO) or a copy without them (the auditor). */
export type Copy = 'FULL' | 'AUDIT';

/** What the answer to a carried-out request says, per kind, from what the holdings now hold. */
@Injectable()
export class RequestAnswer {
  constructor(
    private readonly records: RecordReader,
    private readonly provisionRecords: SubjectProvisionRecords,
    private readonly ledger: Ledger,
  ) {}

  async content(
    tx: RequestContext,
    row: RequestRow,
    subjectIds: readonly string[],
    labels: CatalogLabels,
    copy: Copy,
    /** What the execution did, as stored with the request (the letter reports that, not today). */
    execution: { measures: readonly string[]; records: number },
    executedOn: string,
  ): Promise<ResponseContent> {
    // The part a PARTIAL decision declined is left out of every answer (APPI art. 33(2)).
    const withheld = await decidedWithholding(tx, row.id);
    switch (row.kind) {
      case RequestKind.PURPOSE_NOTICE: {
        const held = answeredRecords(await retainedRecords(tx, subjectIds), withheld);
        const codes = [...new Set(held.map((r) => r.category_code))].sort();
        // Which categories hold each person is metadata about them: the letter's look is recorded.
        await this.ledger.appendMany(
          tx,
          subjectIds.map((subjectId) => ({
            action: LedgerAction.READ,
            targetType: 'SubjectCategories',
            subjectId,
            purposeCode: REQUEST_PURPOSE,
            details: { request: row.id, copy },
          })),
        );
        return {
          kind: RequestKind.PURPOSE_NOTICE,
          categories: codes.map((code) => ({
            name: labels.category(code),
            purposes: labels
              .purposesOf(code)
              .filter((p) => p !== REQUEST_PURPOSE && p !== 'INCIDENT_RESPONSE')
              .map((p) => labels.purpose(p)),
          })),
        };
      }
      case RequestKind.DISCLOSURE: {
        const held = answeredRecords(await retainedRecords(tx, subjectIds), withheld);
        const records: DisclosedRecord[] = [];
        for (const r of held) records.push(await this.disclosed(tx, r, labels, copy, withheld));
        const accesses = await disclosedAccesses(tx, subjectIds, labels, withheld);
        // The ledger's entries about each person, shown in the letter: a look of its own.
        await this.ledger.appendMany(
          tx,
          subjectIds.map((subjectId) => ({
            action: LedgerAction.READ,
            targetType: 'SubjectAccesses',
            subjectId,
            purposeCode: REQUEST_PURPOSE,
            details: { request: row.id, copy },
          })),
        );
        return { kind: RequestKind.DISCLOSURE, records, accesses, proofs: [] };
      }
      case RequestKind.PROVISION_RECORDS: {
        const provisions: Extract<
          ResponseContent,
          { kind: RequestKind.PROVISION_RECORDS }
        >['provisions'] = [];
        const receipts: Extract<
          ResponseContent,
          { kind: RequestKind.PROVISION_RECORDS }
        >['receipts'] = [];
        for (const subjectId of subjectIds) {
          const found = answeredHandOffs(
            await this.provisionRecords.forSubject(tx, subjectId),
            withheld,
          );
          for (const p of found.provisions) {
            for (const h of p.handOffs) {
              provisions.push({
                providedOn: h.handedOn,
                recipient: p.recipient.name,
                route: p.route,
                // Labelled in the category this hand-off took the person's data from, else in
                // the first of the rule's categories that has the item.
                items: p.items.map((key) =>
                  labels.itemIn([h.categoryCode, ...p.categoryCodes], key),
                ),
              });
            }
          }
          for (const r of found.receipts) {
            receipts.push({
              receivedOn: r.received_on,
              provider: r.source_name,
              items: r.category_codes.map((code) => labels.category(code)),
            });
          }
        }
        return { kind: RequestKind.PROVISION_RECORDS, provisions, receipts };
      }
      case RequestKind.CORRECTION: {
        const updates = await tx.manager.query<
          { target_id: string; subject_id: string; category_code: string; fields: string[] }[]
        >(
          // Sealed and waiting apart, each on its index (the rare actions', the intake's): as
          // one condition it was a scan of the whole ledger.
          `SELECT target_id, subject_id, category_code, fields FROM (
             SELECT target_id, subject_id, category_code, fields, recorded_at, id FROM ledger_entries
              WHERE seq IS NOT NULL AND action = $1 AND target_type = 'PersonalRecord'
                AND details->>'request' = $2
             UNION ALL
             SELECT target_id, subject_id, category_code, fields, recorded_at, id FROM ledger_entries
              WHERE seq IS NULL AND action = $1 AND target_type = 'PersonalRecord'
                AND details->>'request' = $2) u
            ORDER BY recorded_at, id`,
          [LedgerAction.UPDATE, row.id],
        );
        // Which of a person's records and items were corrected is metadata about them: the
        // letter's look at it is recorded in their name, as a disclosure's is.
        await this.ledger.appendMany(
          tx,
          updates.map((u) => ({
            action: LedgerAction.READ,
            targetType: 'PersonalRecord',
            targetId: u.target_id,
            subjectId: u.subject_id,
            categoryCode: u.category_code,
            purposeCode: REQUEST_PURPOSE,
            fields: u.fields,
            details: { request: row.id, copy, view: 'corrections' },
          })),
        );
        return {
          kind: RequestKind.CORRECTION,
          changes: updates.map((u) => ({
            category: labels.category(u.category_code),
            recordId: u.target_id,
            items: u.fields.map((key) => labels.item(u.category_code, key)),
          })),
        };
      }
      case RequestKind.SUSPENSION_OR_ERASURE:
        return {
          kind: RequestKind.SUSPENSION_OR_ERASURE,
          action: execution.measures.includes('ERASED') ? 'ERASED' : 'SUSPENDED',
          records: execution.records,
        };
      case RequestKind.STOP_PROVISION:
        return { kind: RequestKind.STOP_PROVISION, since: executedOn || todayInJapan() };
    }
  }

  /**
   * A record as the disclosure shows it: its values read for the request purpose (a READ entry)
   * for the CPO's copy; the auditor's copy names the items only.
   */
  private async disclosed(
    tx: RequestContext,
    held: RetainedRecord,
    labels: CatalogLabels,
    copy: Copy,
    withheld: Withholding,
  ): Promise<DisclosedRecord> {
    const declined = withheldItemsOf(withheld, held.category_code);
    // Items held back are named as withheld, unless an exemption keeps even that from the person.
    const shownWithheld = (keys: readonly string[]) =>
      keys
        .filter((key) => withheld.named || !declined.has(key))
        .map((key) => labels.item(held.category_code, key));
    const base = {
      category: labels.category(held.category_code),
      recordId: held.id,
      subjectId: held.subject_id,
      categoryCode: held.category_code,
      collectedOn: todayInJapan(new Date(held.collected_at)),
    };
    if (copy === 'AUDIT') {
      const [row] = await tx.manager.query<{ item_keys: string[] }[]>(
        `SELECT item_keys FROM personal_records WHERE id = $1`,
        [held.id],
      );
      // Which items are held about the person is metadata about them: the auditor's look is recorded.
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'PersonalRecord',
        targetId: held.id,
        subjectId: held.subject_id,
        categoryCode: held.category_code,
        purposeCode: REQUEST_PURPOSE,
        fields: ['itemKeys'],
        details: { view: 'REQUEST_LETTER_AUDIT_COPY' },
      });
      const keys = row?.item_keys ?? [];
      return {
        ...base,
        itemKeys: keys.filter((key) => !declined.has(key)),
        items: keys
          .filter((key) => !declined.has(key))
          .map((key) => ({ label: labels.item(held.category_code, key), value: '—' })),
        withheld: shownWithheld(keys.filter((key) => declined.has(key))),
      };
    }
    const read = await this.records.read(tx, held.id, REQUEST_PURPOSE, { withhold: declined });
    return {
      ...base,
      itemKeys: Object.keys(read.values),
      items: Object.entries(read.values).map(([key, value]) => ({
        label: labels.item(held.category_code, key),
        value,
      })),
      withheld: shownWithheld(read.withheld),
    };
  }
}
