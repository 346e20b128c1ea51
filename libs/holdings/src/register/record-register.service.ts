import { Injectable } from '@nestjs/common';
import { recordDenial, rulesToSql, type RequestContext, type SqlColumn } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { encodeCursor, ForbiddenError, pageOf, type Page, LedgerAction } from '@daicho/platform';
import { SqlParams } from './sql-params';

/** What the policy may condition record metadata on, and where it lives. */
const METADATA_COLUMNS: Record<string, SqlColumn> = {
  categoryCode: { column: 'r.category_code', type: 'text', nullable: false },
  status: { column: 'r.status', type: 'text', nullable: false },
};

export interface RegisterFilter {
  categoryCode?: string;
  status?: string;
  subjectId?: string;
}

export interface RecordMetadataRow {
  id: string;
  subjectId: string;
  categoryCode: string;
  status: string;
  itemKeys: string[];
  collectedAt: Date;
  hasSource: boolean;
  hasConsentRef: boolean;
  hasDisposalReason: boolean;
  retentionDueAt: Date | null;
  disposedAt: Date | null;
  createdAt: Date;
}

interface MetadataRow {
  id: string;
  subject_id: string;
  category_code: string;
  status: string;
  item_keys: string[];
  collected_at: Date;
  has_source: boolean;
  has_consent_ref: boolean;
  has_disposal_reason: boolean;
  retention_due_at: Date | null;
  disposed_at: Date | null;
  created_at: Date;
}

const toMetadata = (row: MetadataRow): RecordMetadataRow => ({
  id: row.id,
  subjectId: row.subject_id,
  categoryCode: row.category_code,
  status: row.status,
  itemKeys: row.item_keys,
  collectedAt: row.collected_at,
  hasSource: row.has_source,
  hasConsentRef: row.has_consent_ref,
  hasDisposalReason: row.has_disposal_reason,
  retentionDueAt: row.retention_due_at,
  disposedAt: row.disposed_at,
  createdAt: row.created_at,
});

export interface RecordCountRow {
  categoryCode: string;
  status: string;
  records: number;
}

interface CountRow {
  category_code: string;
  status: string;
  records: number;
}

const toCount = (row: CountRow): RecordCountRow => ({
  categoryCode: row.category_code,
  status: row.status,
  records: row.records,
});

/**
 * The register of what is held: record metadata and counts across categories, never values (the
 * auditor's view; departments see their own categories). The role's rules are part of the SQL, so
 * no row or count of another category ever leaves the database. Each look is one ledger entry.
 */
@Injectable()
export class RecordRegisterService {
  constructor(private readonly ledger: Ledger) {}

  async list(
    ctx: RequestContext,
    filter: RegisterFilter,
    page: { first: number; after?: { createdAt: Date; id: string } },
  ): Promise<Page<RecordMetadataRow>> {
    return ctx.transaction(async (tx) => {
      const params = this.narrowed(await this.allowed(tx, 'list'), filter);
      if (page.after) {
        params.where(
          (at, id) => `(r.created_at, r.id) < (${at}, ${id})`,
          page.after.createdAt,
          page.after.id,
        );
      }
      const limit = params.add(page.first + 1);
      const rows = await tx.manager.query<MetadataRow[]>(
        `SELECT r.id, r.subject_id, r.category_code, r.status, r.item_keys, r.collected_at,
                -- Free texts: whether they exist, never what they say (sealed, record-texts.ts).
                (r.source IS NOT NULL OR r.sealed_source IS NOT NULL) AS has_source,
                (r.consent_ref IS NOT NULL OR r.sealed_consent_ref IS NOT NULL) AS has_consent_ref,
                (r.disposal_reason IS NOT NULL OR r.sealed_disposal_reason IS NOT NULL)
                  AS has_disposal_reason,
                r.retention_due_at, r.disposed_at, r.created_at
           FROM personal_records r
          WHERE ${params.conditions()}
          ORDER BY r.created_at DESC, r.id DESC
          LIMIT ${limit}`,
        params.values,
      );
      const result = pageOf(
        rows.map(toMetadata),
        page.first,
        (row) => encodeCursor(row.createdAt.toISOString(), row.id),
        (row) => row,
      );
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'RecordRegister',
        categoryCode: filter.categoryCode,
        subjectId: filter.subjectId,
        details: { records: result.edges.length, status: filter.status ?? null },
      });
      return result;
    });
  }

  async counts(ctx: RequestContext, filter: RegisterFilter): Promise<RecordCountRow[]> {
    return ctx.transaction(async (tx) => {
      const params = this.narrowed(await this.allowed(tx, 'count'), filter);
      const rows = await tx.manager.query<CountRow[]>(
        `SELECT r.category_code, r.status, count(*)::int AS records
           FROM personal_records r WHERE ${params.conditions()}
          GROUP BY r.category_code, r.status ORDER BY r.category_code, r.status`,
        params.values,
      );
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'RecordCounts',
        categoryCode: filter.categoryCode,
        details: { groups: rows.length },
      });
      return rows.map(toCount);
    });
  }

  /** The role's rules as SQL, or a recorded refusal when they allow nothing. */
  private async allowed(ctx: RequestContext, operation: string) {
    const where = rulesToSql(ctx.ability, 'read', 'RecordMetadata', METADATA_COLUMNS);
    if (where) return where;
    throw await recordDenial(
      ctx,
      { type: 'RecordRegister', operation: `${operation} RecordMetadata` },
      new ForbiddenError(`Your role (${ctx.role}) may not see the register of records.`),
    );
  }

  /** The caller's own filter, added after (never instead of) the role's rules. */
  private narrowed(rules: { text: string; values: unknown[] }, filter: RegisterFilter): SqlParams {
    const params = SqlParams.after(rules);
    if (filter.categoryCode) params.where((p) => `r.category_code = ${p}`, filter.categoryCode);
    if (filter.status) params.where((p) => `r.status = ${p}`, filter.status);
    if (filter.subjectId) params.where((p) => `r.subject_id = ${p}::uuid`, filter.subjectId);
    return params;
  }
}
