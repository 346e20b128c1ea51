import { Inject, Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import {
  createEntry,
  lockEntry,
  retireEntry,
  updateEntry,
  type EntrySpec,
} from '../catalog/catalog-entries';
import { notFound } from '../catalog/catalog-errors';
import { sentFields } from '../catalog/catalog-inputs';
import { CatalogHistory } from '../catalog/catalog-history';
import type { CatalogVersionEntity } from '../catalog/catalog-version.entity';
import {
  assertComplete,
  assertReferencesExist,
  assertRemovedItemsUnused,
  assertWellFormed,
} from './category-rules';
import { DataCategoryEntity } from './data-category.entity';
import type {
  CreateDataCategoryInput,
  DataCategoryChanges,
  DataCategoryFilter,
} from './dto/category.inputs';
import { ItemUsage } from './item-usage';
import { assertPurposeItemsFit, prunedPurposeItems } from './purpose-items';

export const DATA_CATEGORY: EntrySpec<DataCategoryEntity> = {
  target: DataCategoryEntity,
  entityType: 'DataCategory',
  noun: 'data category',
  fields: [
    'name',
    'description',
    'subjectType',
    'ownerDepartment',
    'responsibleManager',
    'items',
    'purposeCodes',
    'purposeItems',
    'acquisitionMethods',
    'acquisitionSource',
    'legalBasis',
    'consentRequired',
    'disclosureTarget',
    'systemCodes',
    'approximateRecords',
    'retentionPeriod',
    'retentionTrigger',
    'disposalMethod',
    'entrustedTo',
    'providedTo',
    'handlingRoles',
    'sensitivity',
    'accidentSeverity',
    'riskAssessment',
    'remarks',
    'reviewInterval',
  ],
};

/** The personal information management ledger's categories: read by all, kept by the CPO. */
@Injectable()
export class CategoryService {
  constructor(
    private readonly history: CatalogHistory,
    // Required: a composition without it must not start (a port is never optional).
    @Inject(ItemUsage) private readonly itemUsage: ItemUsage,
  ) {}

  list(
    ctx: RequestContext,
    filter: Partial<DataCategoryFilter> = {},
  ): Promise<DataCategoryEntity[]> {
    const q = ctx.manager.createQueryBuilder(DataCategoryEntity, 'c').orderBy('c.code');
    if (!filter.includeRetired) q.andWhere('c.retired_at IS NULL');
    if (filter.department) {
      q.andWhere(
        `(c.owner_department->>'ja' = :d OR lower(c.owner_department->>'en') = lower(:d))`,
        {
          d: filter.department,
        },
      );
    }
    if (filter.subjectType) q.andWhere('c.subject_type = :t', { t: filter.subjectType });
    if (filter.disclosureTarget !== undefined && filter.disclosureTarget !== null) {
      q.andWhere('c.disclosure_target = :dt', { dt: filter.disclosureTarget });
    }
    if (filter.specialCare !== undefined && filter.specialCare !== null) {
      q.andWhere(
        `${filter.specialCare ? '' : 'NOT '}(c.items @> '[{"specialCare": true}]'::jsonb)`,
      );
    }
    if (filter.purposeCode) q.andWhere(':p = ANY(c.purpose_codes)', { p: filter.purposeCode });
    if (filter.systemCode) q.andWhere(':s = ANY(c.system_codes)', { s: filter.systemCode });
    if (filter.recipientCode) {
      q.andWhere('(:r = ANY(c.entrusted_to) OR :r = ANY(c.provided_to))', {
        r: filter.recipientCode,
      });
    }
    return q.getMany();
  }

  async get(ctx: RequestContext, code: string): Promise<DataCategoryEntity> {
    const category = await ctx.manager.findOneBy(DataCategoryEntity, { code });
    if (!category) throw notFound('data category', code);
    return category;
  }

  /**
   * The category as it stands, held until the caller's transaction ends: a record written against
   * its items and its retirement waits for a change in progress and sees it, and a change waits
   * for the record (whose items it then counts).
   */
  async lockedForShare(ctx: RequestContext, code: string): Promise<DataCategoryEntity> {
    const category = await ctx.manager.findOne(DataCategoryEntity, {
      where: { code },
      lock: { mode: 'pessimistic_read' },
    });
    if (!category) throw notFound('data category', code);
    return category;
  }

  async create(
    ctx: RequestContext,
    input: CreateDataCategoryInput,
    note?: string,
  ): Promise<DataCategoryEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    assertComplete(input);
    assertWellFormed(input);
    assertPurposeItemsFit({
      items: input.items!,
      purposeCodes: input.purposeCodes!,
      purposeItems: input.purposeItems ?? [],
    });
    return ctx.transaction(async (tx) => {
      await assertReferencesExist(tx, input);
      // Fields the client left out arrive as undefined: they must not hide the defaults.
      const { code, ...fields } = sentFields(input);
      return createEntry(
        tx,
        this.history,
        DATA_CATEGORY,
        {
          code,
          systemCodes: [],
          entrustedTo: [],
          providedTo: [],
          riskAssessment: [],
          remarks: null,
          reviewInterval: 'P1Y',
          purposeItems: [],
          lastReviewedAt: null,
          ...fields,
        } as Omit<
          DataCategoryEntity,
          'version' | 'retiredAt' | 'createdAt' | 'updatedAt' | 'updatedBy'
        >,
        note,
      );
    });
  }

  /** Validates a change without applying it (a proposal is checked when made, not only when approved). */
  async checkChanges(
    tx: RequestContext,
    code: string,
    changes: DataCategoryChanges,
  ): Promise<DataCategoryEntity> {
    assertWellFormed(changes);
    const before = await this.get(tx, code);
    await assertReferencesExist(tx, changes);
    await assertRemovedItemsUnused(this.itemUsage, tx.manager, code, before.items, changes.items);
    if (changes.purposeItems) {
      assertPurposeItemsFit({
        items: changes.items ?? before.items,
        purposeCodes: changes.purposeCodes ?? before.purposeCodes,
        purposeItems: changes.purposeItems,
      });
    }
    return before;
  }

  async update(ctx: RequestContext, code: string, changes: DataCategoryChanges, note?: string) {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction(async (tx) => {
      await lockEntry(tx, DATA_CATEGORY, code);
      const before = await this.checkChanges(tx, code, changes);
      const { expectedVersion, ...fields } = changes;
      // An item or purpose taken out of the category leaves every purpose's needed items with it.
      if (!fields.purposeItems && (fields.items || fields.purposeCodes)) {
        fields.purposeItems = prunedPurposeItems(before, fields);
      }
      return updateEntry(
        tx,
        this.history,
        DATA_CATEGORY,
        code,
        fields as Partial<DataCategoryEntity>,
        {
          expectedVersion,
          note,
        },
      );
    });
  }

  async retire(ctx: RequestContext, code: string, note: string): Promise<DataCategoryEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction((tx) => retireEntry(tx, this.history, DATA_CATEGORY, code, note));
  }

  /** The annual check JIS Q 15001 asks for: recorded as a version of its own. */
  async markReviewed(ctx: RequestContext, code: string, note: string): Promise<DataCategoryEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction(async (tx) => {
      const category = await lockEntry(tx, DATA_CATEGORY, code);
      Object.assign(category, {
        lastReviewedAt: new Date(),
        version: category.version + 1,
        updatedAt: new Date(),
        updatedBy: tx.actor.id,
      });
      const saved = await tx.manager.save(DataCategoryEntity, category);
      await this.history.record(tx, {
        entityType: 'DataCategory',
        code,
        version: saved.version,
        snapshot: saved,
        changedFields: ['lastReviewedAt'],
        change: 'REVIEWED',
        note,
      });
      return saved;
    });
  }

  dueForReview(ctx: RequestContext, asOf: Date = new Date()): Promise<DataCategoryEntity[]> {
    return ctx.manager
      .createQueryBuilder(DataCategoryEntity, 'c')
      .where('c.retired_at IS NULL')
      .andWhere(
        '(c.last_reviewed_at IS NULL OR c.last_reviewed_at + c.review_interval::interval <= :asOf)',
        {
          asOf,
        },
      )
      .orderBy('c.last_reviewed_at', 'ASC', 'NULLS FIRST')
      .addOrderBy('c.code')
      .getMany();
  }

  async historyOf(ctx: RequestContext, code: string): Promise<CatalogVersionEntity[]> {
    await this.get(ctx, code);
    return this.history.history(ctx, 'DataCategory', code);
  }
}
