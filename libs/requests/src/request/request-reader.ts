import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { RecordReader } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  calendarDate,
  decodeDateCursor,
  encodeCursor,
  LedgerAction,
  pageOf,
  type Page,
} from '@daicho/platform';
import type { RequestsFilter } from './request-list.args';
import { noRequestsFor, visibleRequest, visibleRequests } from './request-access';
import { REQUEST_PURPOSE, REQUESTER_CATEGORY } from './request-intake.service';
import { REQUEST_SELECT, type RequestRow } from './request-row';

/** The requester's and agent's data as the request form gave them (CPO only). */
export interface RequestParties {
  requester: { name: string; address: string | null; email: string | null; phone: string | null };
  agent: { name: string; address: string | null } | null;
  details: string | null;
}

/**
 * What a look at a request reads about the requester (REQUEST_SELECT, as the request type shows
 * it): the READ entry names all of it, not a sample.
 */
export const REQUEST_FIELDS_READ = [
  'number',
  'kind',
  'status',
  'channel',
  'receivedAt',
  'handlingStartsOn',
  'dueOn',
  'art39On',
  'pausedOn',
  'missing',
  'disclosureMethod',
  'agentKind',
  'feeRequired',
  'feeAmount',
  'feePaid',
  'closedAt',
];

/**
 * Requests as each role may see them: lists in due order (soonest target first) and single
 * requests; every request shown is a READ entry (it is metadata about a person), and the
 * requester's own data is read through holdings for the request purpose only.
 */
@Injectable()
export class RequestReader {
  constructor(
    private readonly ledger: Ledger,
    private readonly records: RecordReader,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<RequestRow> {
    return ctx.transaction(async (tx) => {
      const row = await visibleRequest(tx, id);
      await this.recordLook(tx, [row], 'request');
      return row;
    });
  }

  async list(
    ctx: RequestContext,
    filter: RequestsFilter,
    first: number,
    after?: string,
  ): Promise<Page<RequestRow>> {
    const dueBefore =
      filter.dueBefore && calendarDate(filter.dueBefore, 'filter.dueBefore', { future: true });
    const cursor = after ? decodeDateCursor(after) : null;
    return ctx.transaction(async (tx) => {
      const params: unknown[] = [
        filter.status ?? null,
        filter.kind ?? null,
        dueBefore ?? null,
        cursor?.sortKey ?? null,
        cursor?.id ?? null,
        first + 1,
      ];
      const visible = visibleRequests(tx, params.length + 1);
      if (!visible) return noRequestsFor(tx, 'list DataSubjectRequest');
      const rows = await tx.manager.query<RequestRow[]>(
        `SELECT ${REQUEST_SELECT} FROM data_subject_requests r
          WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.kind = $2)
            AND ($3::date IS NULL OR r.due_on < $3)
            AND ($4::date IS NULL OR (r.due_on, r.id) > ($4::date, $5::uuid))
            AND ${visible.text}
          ORDER BY r.due_on, r.id LIMIT $6`,
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
        'requests',
      );
      return page;
    });
  }

  /**
   * Open requests whose internal target or art. 39 date falls on or before `until`, soonest
   * first: for the operator's `requests:due` (run on the server's machine, like the retention
   * dry run). Metadata only; each request listed is a READ entry.
   */
  async due(ctx: RequestContext, until: string): Promise<RequestRow[]> {
    return ctx.transaction(async (tx) => {
      const rows = await tx.manager.query<RequestRow[]>(
        `SELECT ${REQUEST_SELECT} FROM data_subject_requests r
          WHERE r.status <> 'CLOSED' AND (r.due_on <= $1 OR r.art39_on <= $1)
          ORDER BY LEAST(r.due_on, r.art39_on), r.id LIMIT 1000`,
        [until],
      );
      await this.recordLook(tx, rows, 'requests-due');
      return rows;
    });
  }

  /** The requester's and agent's data, read from their REQUESTER record (a READ entry). */
  async parties(ctx: RequestContext, id: string): Promise<RequestParties> {
    return ctx.transaction(async (tx) => {
      const row = await visibleRequest(tx, id);
      const { values } = await this.records.read(tx, row.requester_record_id, REQUEST_PURPOSE);
      const v = (key: string) => values[key] ?? null;
      return {
        requester: {
          name: v('name') ?? '',
          address: v('address'),
          email: v('email'),
          phone: v('phone'),
        },
        agent: row.agent_kind ? { name: v('agentName') ?? '', address: v('agentAddress') } : null,
        details: v('requestDetails'),
      };
    });
  }

  private recordLook(tx: RequestContext, rows: readonly RequestRow[], view: string) {
    return this.ledger.appendMany(
      tx,
      rows.map((row) => ({
        action: LedgerAction.READ,
        targetType: 'DataSubjectRequest',
        targetId: row.id,
        subjectId: row.requester_subject_id,
        categoryCode: REQUESTER_CATEGORY,
        purposeCode: REQUEST_PURPOSE,
        fields: REQUEST_FIELDS_READ,
        details: { view },
      })),
    );
  }
}
