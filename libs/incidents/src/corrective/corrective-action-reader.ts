import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  decodeDateCursor,
  encodeCursor,
  LedgerAction,
  pageOf,
  todayInJapan,
  type Page,
} from '@daicho/platform';
import type { CorrectiveActionsFilter } from './corrective-action.inputs';
import {
  correctiveActionFor,
  noCorrectiveActionsFor,
  visibleCorrectiveActions,
} from './corrective-action-access';
import {
  CORRECTIVE_ACTION_SELECT,
  purposeOf,
  type CorrectiveActionRow,
} from './corrective-action-row';

/**
 * Corrective actions as each role may see them (CPO, AUDITOR: all; a department: those it
 * owns), soonest due first; every action shown is a READ entry (its texts may name people).
 */
@Injectable()
export class CorrectiveActionReader {
  constructor(private readonly ledger: Ledger) {}

  async get(ctx: RequestContext, id: string): Promise<CorrectiveActionRow> {
    return ctx.transaction(async (tx) => {
      if (!visibleCorrectiveActions(tx, 1))
        return noCorrectiveActionsFor(tx, 'read CorrectiveAction', id);
      const row = await correctiveActionFor(tx, id, 'read', 'read CorrectiveAction');
      await this.recordLook(tx, [row], 'corrective-action');
      return row;
    });
  }

  async list(
    ctx: RequestContext,
    filter: CorrectiveActionsFilter,
    first: number,
    after?: string,
  ): Promise<Page<CorrectiveActionRow>> {
    const cursor = after ? decodeDateCursor(after) : null;
    return ctx.transaction(async (tx) => {
      const params: unknown[] = [
        filter.open ?? null,
        filter.overdue ?? null,
        todayInJapan(),
        cursor?.sortKey ?? null,
        cursor?.id ?? null,
        first + 1,
      ];
      const visible = visibleCorrectiveActions(tx, params.length + 1);
      if (!visible) return noCorrectiveActionsFor(tx, 'list CorrectiveAction');
      // Open: effectiveness not yet checked. Overdue: open, not done, and past its due date.
      const rows = await tx.manager.query<CorrectiveActionRow[]>(
        `SELECT ${CORRECTIVE_ACTION_SELECT} FROM corrective_actions a
          WHERE ($1::boolean IS NULL OR (a.effectiveness_checked_on IS NULL) = $1)
            AND ($2::boolean IS NULL OR (a.effectiveness_checked_on IS NULL
                 AND a.done_on IS NULL AND a.due_on < $3::date) = $2)
            AND ($4::date IS NULL OR (a.due_on, a.id) > ($4::date, $5::uuid))
            AND ${visible.text}
          ORDER BY a.due_on, a.id LIMIT $6`,
        [...params, ...visible.values],
      );
      const page = pageOf(
        rows,
        first,
        (r) => encodeCursor(r.due_on, r.id),
        (r) => r,
      );
      await this.recordLook(
        tx,
        page.edges.map((e) => e.node),
        'corrective-actions',
      );
      return page;
    });
  }

  private recordLook(tx: RequestContext, rows: readonly CorrectiveActionRow[], view: string) {
    return this.ledger.appendMany(
      tx,
      rows.map((row) => ({
        action: LedgerAction.READ,
        targetType: 'CorrectiveAction',
        targetId: row.id,
        purposeCode: purposeOf(row),
        details: { view },
      })),
    );
  }
}
