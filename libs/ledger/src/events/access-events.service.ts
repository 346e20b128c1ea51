import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { BadUserInputError, ConflictError } from '@daicho/platform';
import { personalDataFromOutside, type LedgerEntryInput } from '../entry/entry-input';
import { LedgerKeys } from '../keys/ledger-keys';
import { AccessEventBudget } from './access-event-budget';
import { Ledger } from '../ledger';
import { ReportedAccessCatalog } from './reported-access-catalog';
import type { AccessEventInput, RecordAccessEventsResult } from './record-access-events.input';

interface RecordedEvent {
  client_event_id: string;
  action: string;
  outcome: string;
  subject_id: string | null;
  category_code: string;
  purpose_code: string;
  occurred_at: Date;
  fields: string[];
}

const sameEvent = (row: RecordedEvent, e: AccessEventInput) =>
  row.action === String(e.action) &&
  row.outcome === e.outcome &&
  row.subject_id === (e.subjectId?.toLowerCase() ?? null) &&
  row.category_code === e.categoryCode &&
  row.purpose_code === e.purposeCode &&
  row.occurred_at.getTime() === e.occurredAt.getTime() &&
  row.fields.join('\n') === e.fields.join('\n');

/**
 * Internal systems (INTEGRATION keys) report the accesses to personal data they made themselves.
 * All or nothing per call; idempotent by the client's event id, so a retry after a timeout is
 * safe, while reusing an id for a different event is refused.
 */
@Injectable()
export class AccessEventsService {
  constructor(
    private readonly ledger: Ledger,
    private readonly catalog: ReportedAccessCatalog,
    private readonly keys: LedgerKeys,
    private readonly budget: AccessEventBudget,
  ) {}

  async record(ctx: RequestContext, events: AccessEventInput[]): Promise<RecordAccessEventsResult> {
    this.assertClean(events);
    // Counted first, so that twenty calls at once cannot all pass a check made before any counts;
    // given back when the call records nothing after all.
    const spent = await this.budget.spend(ctx.actor.id ?? 'unknown', events.length);
    try {
      return await this.recordAll(ctx, events);
    } catch (error) {
      if (error instanceof BadUserInputError || error instanceof ConflictError)
        await this.budget.refund(spent);
      throw error;
    }
  }

  private recordAll(
    ctx: RequestContext,
    events: AccessEventInput[],
  ): Promise<RecordAccessEventsResult> {
    return ctx.transaction(async (tx) => {
      const misfit = await this.catalog.firstMisfit(tx.manager, events);
      if (misfit) {
        throw new BadUserInputError(
          `events[${misfit.index}]: ${misfit.message}; nothing from this call was recorded.`,
          [`events.${misfit.index}.${misfit.field}`],
        );
      }
      const entries = events.map((e) => this.toEntry(e));
      const ids = await this.ledger.appendMany(tx, entries);
      const skipped = entries.flatMap((entry, i) => (ids[i] === null ? [{ entry, i }] : []));
      if (skipped.length) {
        const earlier = await tx.manager.query<RecordedEvent[]>(
          `SELECT client_event_id, action, outcome, subject_id::text AS subject_id, category_code,
                  purpose_code, occurred_at, fields
             FROM ledger_entries WHERE actor_id = $1 AND client_event_id = ANY($2::text[])`,
          [ctx.actor.id, skipped.map((s) => s.entry.clientEventId)],
        );
        const byId = new Map(earlier.map((r) => [r.client_event_id, r]));
        const reused = skipped.find(({ entry, i }) => {
          const row = byId.get(entry.clientEventId!);
          const event = events[i];
          return !row || !event || !sameEvent(row, event);
        });
        if (reused) {
          throw new ConflictError(
            `events[${reused.i}].eventId was already recorded for a different event; nothing from this call was recorded.`,
          );
        }
      }
      return { recorded: events.length - skipped.length, duplicates: skipped.length };
    });
  }

  private assertClean(events: AccessEventInput[]): void {
    const seen = new Set<string>();
    events.forEach((e, i) => {
      if (seen.has(e.eventId)) {
        throw new BadUserInputError(`events[${i}].eventId appears twice in this call.`, [
          `events.${i}.eventId`,
        ]);
      }
      seen.add(e.eventId);
      const keys = new Set<string>();
      e.details.forEach((d, j) => {
        if (keys.has(d.key)) {
          throw new BadUserInputError(`events[${i}].details has the key ${d.key} twice.`, [
            `events.${i}.details.${j}.key`,
          ]);
        }
        keys.add(d.key);
        // Entries never hold personal data values: a code that is really a phone number or My
        // Number (TEL-09012345678, 09012345678ABCDE) is refused, and the whole report with it.
        const found = personalDataFromOutside(d.value);
        if (found) {
          throw new BadUserInputError(
            `events[${i}].details.${d.key} looks like personal data (${found}); report codes only. Nothing from this call was recorded.`,
            [`events.${i}.details.${j}.value`],
          );
        }
      });
    });
  }

  /** The entry of a reported access: codes as sent, the reporter's own ids as keyed hashes. */
  private toEntry(e: AccessEventInput): LedgerEntryInput {
    return {
      action: e.action,
      outcome: e.outcome === 'DENIED' ? 'DENIED' : 'ALLOWED',
      subjectId: e.subjectId?.toLowerCase(),
      categoryCode: e.categoryCode,
      purposeCode: e.purposeCode,
      fields: e.fields,
      clientEventId: this.keys.pseudonymOfReference('eventId', e.eventId),
      occurredAt: e.occurredAt,
      details: {
        ...Object.fromEntries(e.details.map((d) => [d.key, d.value])),
        ...(e.actorRef
          ? { reportedActor: this.keys.pseudonymOfReference('actorRef', e.actorRef) }
          : {}),
      },
    };
  }
}
