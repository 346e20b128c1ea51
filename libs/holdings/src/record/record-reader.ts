import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { encodeCursor, NotFoundError, pageOf, type Page, LedgerAction } from '@daicho/platform';
import { HoldingsKeys } from '../crypto/holdings-keys';
import { dataKeysOf } from '../subject/subject-keys';
import { PersonalRecordEntity } from './personal-record.entity';
import { permittedItems, RecordAccess } from './record-access';
import { SUSPENSION_EXEMPT } from '../subject/subject-marks';
import { openTexts, type RecordWithTexts } from './record-texts';
import type { RecordValues } from './record-values';
import { openValues } from './record-vault';

export interface RecordsFilter {
  subjectId?: string;
  collectedFrom?: Date;
  collectedTo?: Date;
  retentionDueBefore?: Date;
}

export interface ReadRecord extends RecordWithTexts {
  values: RecordValues;
  /** Items the record holds that the role may not see for this purpose (names only). */
  withheld: string[];
}

/** A keyset page of records: newest first, continued after (createdAt, id). */
export interface RecordPage {
  first: number;
  after?: { createdAt: Date; id: string };
}

/** The cursor of a record in a list ordered by (createdAt, id). */
export const recordCursor = (record: { createdAt: Date; id: string }) =>
  encodeCursor(record.createdAt.toISOString(), record.id);

/**
 * Reading personal records for a declared purpose: only the items the role may see for it are
 * decrypted and returned, and each record returned is a READ entry in the same transaction.
 */
@Injectable()
export class RecordReader {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly access: RecordAccess,
  ) {}

  /**
   * Reads a record for a declared purpose: it must be one of the category's purposes and one the
   * role may use. A caller who may not read the category at all gets NOT_FOUND, so existence does
   * not leak. `withhold` names items to leave unread.
   */
  async read(
    ctx: RequestContext,
    id: string,
    purposeCode: string,
    options: { withhold?: ReadonlySet<string> } = {},
  ): Promise<ReadRecord> {
    return ctx.transaction(async (tx) => {
      const { record, category } = await this.access.forPurpose(tx, id, purposeCode, 'read');
      if (record.status === 'DISPOSED' || !record.sealedValues) {
        throw await this.access.valuesGone(tx, record);
      }
      // Items the caller holds back (a request's PARTIAL decision) are neither returned nor
      // named in the READ entry (its fields, or its list of items the role may not see: a
      // disclosure's proofs carry the entry whole, and an exemption hides even their existence).
      const permitted = permittedItems(tx, purposeCode, category);
      const held = options.withhold ?? new Set<string>();
      for (const key of held) permitted.delete(key);
      const [opened] = await this.openAndRecord(tx, [record], purposeCode, permitted, held);
      if (!opened) throw new Error(`record ${id} was read but not opened`);
      return opened;
    });
  }

  /**
   * A page of a category's active records for a purpose, newest first: the decision is made for
   * the category and purpose before any row is read (a role without it gets FORBIDDEN, not an
   * empty page that would tell it nothing either way), and each record returned is a READ entry.
   */
  async list(
    ctx: RequestContext,
    categoryCode: string,
    purposeCode: string,
    page: RecordPage,
    filter: RecordsFilter = {},
  ): Promise<Page<ReadRecord>> {
    return ctx.transaction(async (tx) => {
      const category = await this.access.listable(tx, categoryCode, purposeCode);
      const q = tx.manager
        .createQueryBuilder(PersonalRecordEntity, 'r')
        .where(`r.category_code = :categoryCode AND r.status = 'ACTIVE'`, { categoryCode })
        .orderBy('r.created_at', 'DESC')
        .addOrderBy('r.id', 'DESC')
        .limit(page.first + 1);
      if (page.after) {
        q.andWhere('(r.created_at, r.id) < (:at, :id)', {
          at: page.after.createdAt,
          id: page.after.id,
        });
      }
      // Persons who suspended use (APPI art. 35) drop out of business lists.
      if (!SUSPENSION_EXEMPT.has(purposeCode)) {
        q.andWhere(
          'NOT EXISTS (SELECT 1 FROM data_subjects s WHERE s.id = r.subject_id AND s.use_suspended_at IS NOT NULL)',
        );
      }
      // The caller's narrowing, after (never instead of) the decision on category and purpose.
      if (filter.subjectId)
        q.andWhere('r.subject_id = :subjectId', { subjectId: filter.subjectId });
      if (filter.collectedFrom)
        q.andWhere('r.collected_at >= :from', { from: filter.collectedFrom });
      if (filter.collectedTo) q.andWhere('r.collected_at < :to', { to: filter.collectedTo });
      if (filter.retentionDueBefore) {
        q.andWhere('r.retention_due_at < :due', { due: filter.retentionDueBefore });
      }
      const rows = await q.getMany();
      const opened = await this.openAndRecord(
        tx,
        rows.slice(0, page.first),
        purposeCode,
        permittedItems(tx, purposeCode, category),
      );
      const byId = new Map(opened.map((read) => [read.record.id, read]));
      return pageOf(rows, page.first, recordCursor, (row) => {
        const read = byId.get(row.id);
        if (!read) throw new Error(`record ${row.id} was listed but not opened`);
        return read;
      });
    });
  }

  /**
   * Decrypts the permitted items of the records and writes one READ entry per record (same
   * transaction): their subjects' keys in one query, the entries in one statement.
   */
  private async openAndRecord(
    ctx: RequestContext,
    records: PersonalRecordEntity[],
    purposeCode: string,
    permitted: Set<string>,
    held: ReadonlySet<string> = new Set(),
  ): Promise<ReadRecord[]> {
    const keys = await dataKeysOf(
      ctx,
      this.keys,
      records.map((r) => r.subjectId),
    );
    const opened = records.map((record): ReadRecord => {
      const subjectKey = keys.get(record.subjectId);
      if (!subjectKey) throw new NotFoundError(`There is no data subject ${record.subjectId}.`);
      const all = openValues(subjectKey, record);
      const values = Object.fromEntries(Object.entries(all).filter(([k]) => permitted.has(k)));
      const withheld = Object.keys(all)
        .filter((k) => !permitted.has(k))
        .sort();
      return { record, texts: openTexts(subjectKey, record), values, withheld };
    });
    await this.ledger.appendMany(
      ctx,
      opened.map(({ record, values, withheld }) => ({
        action: LedgerAction.READ,
        targetType: 'PersonalRecord',
        targetId: record.id,
        subjectId: record.subjectId,
        categoryCode: record.categoryCode,
        purposeCode,
        fields: Object.keys(values).sort(),
        details: { withheld: withheld.filter((key) => !held.has(key)) },
      })),
    );
    return opened;
  }
}
