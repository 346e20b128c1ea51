import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  decodeDateCursor,
  encodeCursor,
  LedgerAction,
  pageOf,
  todayInJapan,
  type Page,
} from '@daicho/platform';
import type { ComplaintsFilter } from './complaint.inputs';
import { visibleComplaint } from './complaint-access';
import {
  COMPLAINANT_CATEGORY,
  COMPLAINT_PURPOSE,
  COMPLAINT_SELECT,
  type ComplaintRow,
} from './complaint-row';

/**
 * Complaints as the CPO and the auditor see them: lists soonest target first, and single
 * complaints. That a person complained is data about them: every complaint shown is a READ
 * entry in the complainant's name (codes and dates only).
 */
@Injectable()
export class ComplaintReader {
  constructor(private readonly ledger: Ledger) {}

  async get(ctx: RequestContext, id: string): Promise<ComplaintRow> {
    return ctx.transaction(async (tx) => {
      const row = await visibleComplaint(tx, id);
      await this.recordLook(tx, [row], 'complaint');
      return row;
    });
  }

  async list(
    ctx: RequestContext,
    filter: ComplaintsFilter,
    first: number,
    after?: string,
  ): Promise<Page<ComplaintRow>> {
    await assertAllowed(ctx, 'read', 'Complaint');
    const cursor = after ? decodeDateCursor(after) : null;
    return ctx.transaction(async (tx) => {
      const rows = await tx.manager.query<ComplaintRow[]>(
        `SELECT ${COMPLAINT_SELECT} FROM complaints c
          WHERE ($1::text IS NULL OR c.status = $1)
            AND ($2::boolean IS NULL OR (c.status <> 'CLOSED' AND c.target_on < $3::date) = $2)
            AND ($4::date IS NULL OR (c.target_on, c.id) > ($4::date, $5::uuid))
          ORDER BY c.target_on, c.id LIMIT $6`,
        [
          filter.status ?? null,
          filter.overdue ?? null,
          todayInJapan(),
          cursor?.sortKey ?? null,
          cursor?.id ?? null,
          first + 1,
        ],
      );
      const page = pageOf(
        rows,
        first,
        (r) => encodeCursor(r.target_on, r.id),
        (r) => r,
      );
      await this.recordLook(
        tx,
        page.edges.map((e) => e.node),
        'complaints',
      );
      return page;
    });
  }

  /** One READ entry per complaint shown, in its complainant's name. */
  recordLook(
    tx: RequestContext,
    rows: readonly ComplaintRow[],
    view: string,
    fields: readonly string[] = ['status', 'targetOn'],
  ) {
    return this.ledger.appendMany(
      tx,
      rows.map((row) => ({
        action: LedgerAction.READ,
        targetType: 'Complaint',
        targetId: row.id,
        subjectId: row.complainant_subject_id,
        categoryCode: COMPLAINANT_CATEGORY,
        purposeCode: COMPLAINT_PURPOSE,
        fields,
        details: { view },
      })),
    );
  }
}
