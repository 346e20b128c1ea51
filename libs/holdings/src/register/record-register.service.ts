import { Injectable } from '@nestjs/common';
import { rulesToSql, type RequestContext, type SqlColumn } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { ForbiddenError, LedgerAction } from '@daicho/platform';
import { DataSource } from 'typeorm';

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

export interface RecordCountRow {
  categoryCode: string;
  status: string;
  records: number;
}

/**
 * The register of what is held: record metadata and counts across categories, never values (the
 * auditor's view; departments see their own categories). The role's rules are part of the SQL, so
 * no row or count of another category ever leaves the database. Each look is one ledger entry.
 */
@Injectable()
export class RecordRegisterService {
  constructor(
    private readonly ledger: Ledger,
    private readonly dataSource: DataSource,
  ) {}

  async list(
    ctx: RequestContext,
    filter: RegisterFilter,
    page: { first: number; after?: { createdAt: Date; id: string } },
  ): Promise<{ rows: RecordMetadataRow[]; hasNextPage: boolean }> {
    return ctx.transaction(async (tx) => {
      const where = await this.allowed(ctx, 'list');
      const { text, values } = this.narrowed(where, filter);
      const params = [...values];
      let keyset = '';
      if (page.after) {
        params.push(page.after.createdAt, page.after.id);
        keyset = ` AND (r.created_at, r.id) < ($${params.length - 1}, $${params.length})`;
      }
      params.push(page.first + 1);
      const rows = await tx.manager.query<RecordMetadataRow[]>(
        `SELECT r.id, r.subject_id AS "subjectId", r.category_code AS "categoryCode", r.status,
                r.item_keys AS "itemKeys", r.collected_at AS "collectedAt",
                -- Free texts: whether they exist, never what they say (sealed, record-texts.ts).
                (r.source IS NOT NULL OR r.sealed_source IS NOT NULL) AS "hasSource",
                (r.consent_ref IS NOT NULL OR r.sealed_consent_ref IS NOT NULL) AS "hasConsentRef",
                (r.disposal_reason IS NOT NULL OR r.sealed_disposal_reason IS NOT NULL)
                  AS "hasDisposalReason",
                r.retention_due_at AS "retentionDueAt",
                r.disposed_at AS "disposedAt", r.created_at AS "createdAt"
           FROM personal_records r
          WHERE ${text}${keyset}
          ORDER BY r.created_at DESC, r.id DESC
          LIMIT $${params.length}`,
        params,
      );
      const shown = rows.slice(0, page.first);
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'RecordRegister',
        categoryCode: filter.categoryCode,
        subjectId: filter.subjectId,
        details: { records: shown.length, status: filter.status ?? null },
      });
      return { rows: shown, hasNextPage: rows.length > page.first };
    });
  }

  async counts(ctx: RequestContext, filter: RegisterFilter): Promise<RecordCountRow[]> {
    return ctx.transaction(async (tx) => {
      const where = await this.allowed(ctx, 'count');
      const { text, values } = this.narrowed(where, filter);
      const rows = await tx.manager.query<RecordCountRow[]>(
        `SELECT r.category_code AS "categoryCode", r.status, count(*)::int AS records
           FROM personal_records r WHERE ${text}
          GROUP BY r.category_code, r.status ORDER BY r.category_code, r.status`,
        values,
      );
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'RecordCounts',
        categoryCode: filter.categoryCode,
        details: { groups: rows.length },
      });
      return rows;
    });
  }

  /** The role's rules as SQL, or a recorded refusal when they allow nothing. */
  private async allowed(ctx: RequestContext, operation: string) {
    const where = rulesToSql(ctx.ability, 'read', 'RecordMetadata', METADATA_COLUMNS);
    if (where) return where;
    await this.ledger.append(
      { manager: this.dataSource.manager, requestId: ctx.requestId, actor: ctx.actor },
      {
        action: LedgerAction.DENIED,
        outcome: LedgerAction.DENIED,
        targetType: 'RecordRegister',
        details: { operation: `${operation} RecordMetadata`, reason: 'FORBIDDEN' },
      },
    );
    throw new ForbiddenError(`Your role (${ctx.role}) may not see the register of records.`);
  }

  /** The caller's own filter, added after (never instead of) the role's rules. */
  private narrowed(where: { text: string; values: unknown[] }, filter: RegisterFilter) {
    const values = [...where.values];
    const parts = [where.text];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      parts.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.categoryCode) add('r.category_code = ?', filter.categoryCode);
    if (filter.status) add('r.status = ?', filter.status);
    if (filter.subjectId) add('r.subject_id = ?::uuid', filter.subjectId);
    return { text: parts.join(' AND '), values };
  }
}
