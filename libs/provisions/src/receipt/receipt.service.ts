import { Injectable } from '@nestjs/common';
import { assertAllowed, policySubject, recordDenial, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  decodeDateCursor,
  encodeCursor,
  ForbiddenError,
  plusYears,
  LedgerAction,
  pageOf,
  returnedRow,
  type Page,
} from '@daicho/platform';
import { calendarDate } from '@daicho/platform';
import { coveredSubjects } from '../subject-coverage';
import { RECEIPT_SELECT, type ReceiptRow, type RecordReceiptInput } from './receipt.dto';

/**
 * Receipt of personal data from a third party (APPI art. 30): the source's name, address and
 * representative and how it obtained the data are confirmed and recorded, with a RECEIVE entry
 * for each subject (or the categories, when no subject is named yet).
 */
@Injectable()
export class ReceiptService {
  constructor(private readonly ledger: Ledger) {}

  async record(ctx: RequestContext, input: RecordReceiptInput): Promise<ReceiptRow> {
    return ctx.transaction(async (tx) => {
      calendarDate(input.receivedOn, 'receivedOn');
      const active = await tx.manager.query<{ code: string }[]>(
        `SELECT code FROM data_categories WHERE code = ANY($1::text[]) AND retired_at IS NULL`,
        [input.categoryCodes],
      );
      const unknown = input.categoryCodes.find((c) => !active.some((a) => a.code === c));
      if (unknown) {
        throw new BadUserInputError(`${unknown} is not an active category of the catalog.`, [
          'categoryCodes',
        ]);
      }
      for (const categoryCode of input.categoryCodes) {
        if (!ctx.ability.can('create', policySubject('Receipt', { categoryCode }))) {
          throw await recordDenial(
            ctx,
            { operation: 'create Receipt', type: 'Receipt', categoryCode },
            new ForbiddenError(
              `Your role (${ctx.role}) may not record receipts of ${categoryCode}.`,
            ),
          );
        }
      }
      const subjects = await coveredSubjects(
        tx,
        input.subjectIds,
        input.categoryCodes,
        'subjectIds',
      );
      const row = returnedRow(
        await tx.manager.query<ReceiptRow[]>(
          `INSERT INTO receipts (source_name, source_address, source_representative, how_obtained,
                                 received_on, category_codes, subject_ids, confirmed_by, retain_until, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${RECEIPT_SELECT}`,
          [
            input.sourceName,
            input.sourceAddress,
            input.sourceRepresentative,
            input.howObtained,
            input.receivedOn,
            input.categoryCodes,
            input.subjectIds,
            input.confirmedBy ?? ctx.actor.id,
            plusYears(input.receivedOn, input.recordRetentionYears),
            ctx.actor.id,
          ],
        ),
        'INSERT INTO receipts',
      );
      const entries = subjects.length
        ? subjects.map((s) => ({ subjectId: s.subjectId, categoryCode: s.categoryCode }))
        : input.categoryCodes.map((categoryCode) => ({ subjectId: undefined, categoryCode }));
      await this.ledger.appendMany(
        tx,
        entries.map((e) => ({
          action: LedgerAction.RECEIVE,
          targetType: 'Receipt',
          targetId: row.id,
          subjectId: e.subjectId,
          categoryCode: e.categoryCode,
        })),
      );
      return row;
    });
  }

  /**
   * Receipts whose date falls in the range, every one (the export's list); the look is a READ
   * entry per receipt (same transaction).
   */
  async list(ctx: RequestContext, range: { from?: string; to?: string }): Promise<ReceiptRow[]> {
    await assertAllowed(ctx, 'read', 'Receipt');
    return ctx.transaction(async (tx) => {
      const rows = await tx.manager.query<ReceiptRow[]>(
        `SELECT ${RECEIPT_SELECT} FROM receipts
          WHERE received_on >= $1::date AND received_on <= $2::date ORDER BY received_on, created_at`,
        [range.from ?? '0001-01-01', range.to ?? '9999-12-31'],
      );
      await this.recordLook(tx, rows);
      return rows;
    });
  }

  /**
   * `receipts`: those whose date falls in the range, a keyset page of (date received, id); each
   * receipt shown is a READ entry (same transaction).
   */
  async page(
    ctx: RequestContext,
    range: { from?: string; to?: string },
    page: { first: number; after?: string },
  ): Promise<Page<ReceiptRow>> {
    await assertAllowed(ctx, 'read', 'Receipt');
    const cursor = page.after ? decodeDateCursor(page.after) : null;
    return ctx.transaction(async (tx) => {
      const rows = await tx.manager.query<ReceiptRow[]>(
        `SELECT ${RECEIPT_SELECT} FROM receipts r
          WHERE r.received_on >= $1::date AND r.received_on <= $2::date
            AND ($3::date IS NULL OR (r.received_on, r.id) > ($3::date, $4::uuid))
          ORDER BY r.received_on, r.id LIMIT $5`,
        [
          range.from ?? '0001-01-01',
          range.to ?? '9999-12-31',
          cursor?.sortKey ?? null,
          cursor?.id ?? null,
          page.first + 1,
        ],
      );
      const shown = pageOf(
        rows,
        page.first,
        (r) => encodeCursor(r.received_on, r.id),
        (r) => r,
      );
      await this.recordLook(
        tx,
        shown.edges.map((e) => e.node),
      );
      return shown;
    });
  }

  private async recordLook(tx: RequestContext, rows: readonly ReceiptRow[]): Promise<void> {
    await this.ledger.appendMany(
      tx,
      rows.map((r) => ({
        action: LedgerAction.READ,
        targetType: 'Receipt',
        targetId: r.id,
        details: { subjects: r.subject_ids.length },
      })),
    );
  }
}
