import { Inject, Injectable } from '@nestjs/common';
import { permittedFieldsOf } from '@casl/ability/extra';
import { canSomeField, recordDenial, type RequestContext } from '@daicho/access';
import { CategoryService, neededItems, type DataCategoryEntity } from '@daicho/inventory';
import {
  BadUserInputError,
  ConflictError,
  DomainError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  SubjectErasedError,
} from '@daicho/platform';
import { IsNull, Not } from 'typeorm';
import { HoldingsKeys } from '../crypto/holdings-keys';
import { DataSubjectEntity } from '../subject/data-subject.entity';
import { dataKeyOf, lockSubject, subjectErased } from '../subject/subject-keys';
import { PersonalRecordEntity } from './personal-record.entity';
import { recordSubject } from './record-subject';
import { SUSPENSION_EXEMPT } from '../subject/subject-marks';

/** What a refused attempt on a record was aimed at (codes and pseudonymous ids only). */
interface RecordTarget {
  id?: string;
  subjectId?: string;
  categoryCode?: string;
  purposeCode?: string;
}

/** A record loaded for a read for a purpose the role may use on its category. */
export interface RecordForPurpose {
  record: PersonalRecordEntity;
  category: DataCategoryEntity;
  target: RecordTarget;
}

/**
 * Records a refused attempt on a personal record (its own write, so it outlives the failed call)
 * and returns the error to throw.
 */
export function denyRecord<E extends DomainError>(
  ctx: RequestContext,
  operation: string,
  target: RecordTarget,
  error: E,
): Promise<E> {
  return recordDenial(
    ctx,
    { ...target, type: 'PersonalRecord', operation: `${operation} PersonalRecord` },
    error,
  );
}

/**
 * The access decision on personal records: which records, persons, purposes and items the caller
 * may see or change. What the caller may not see at all answers NOT_FOUND, the answer for a
 * missing id too, so existence does not leak; an erased person answers SUBJECT_ERASED.
 */
@Injectable()
export class RecordAccess {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly categories: CategoryService,
  ) {}

  /** The role must be allowed to create records of the category (else FORBIDDEN, recorded). */
  async assertMayCreate(ctx: RequestContext, categoryCode: string, subjectId?: string) {
    if (ctx.ability.can('create', recordSubject({ categoryCode }))) return;
    throw await denyRecord(
      ctx,
      'create',
      { categoryCode, subjectId },
      new ForbiddenError(`Your role (${ctx.role}) may not create records of ${categoryCode}.`),
    );
  }

  /**
   * A category records may be created in: it exists and is not retired, held for share until
   * the record commits (neither retired nor stripped of an item meanwhile).
   */
  async activeCategory(ctx: RequestContext, code: string): Promise<DataCategoryEntity> {
    const category = await this.categories.lockedForShare(ctx, code).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === ErrorCode.NOT_FOUND
        ? new BadUserInputError(`There is no category ${code}.`, ['categoryCode'])
        : error;
    });
    if (category.retiredAt)
      throw new BadUserInputError(`Category ${code} is retired.`, ['categoryCode']);
    return category;
  }

  /**
   * The category a list reads for a purpose, decided before any row is read: a role without it
   * (or an unknown category, or a purpose not the category's) gets FORBIDDEN, recorded.
   */
  async listable(
    ctx: RequestContext,
    categoryCode: string,
    purposeCode: string,
  ): Promise<DataCategoryEntity> {
    const category = await this.categories.get(ctx, categoryCode).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    });
    const asked = recordSubject({ categoryCode, purposeCode });
    if (category?.purposeCodes.includes(purposeCode) && canSomeField(ctx.ability, 'read', asked)) {
      return category;
    }
    throw await denyRecord(
      ctx,
      'list',
      { categoryCode, purposeCode },
      new ForbiddenError(
        `Your role (${ctx.role}) may not list records of ${categoryCode} for ${purposeCode}.`,
      ),
    );
  }

  /**
   * Loads a record for a change the role may make on its category (else NOT_FOUND, as a missing
   * id), then locks its subject exclusively (a disposal sees a legal hold or waits for it: APPI
   * arts. 33–35; any change rebuilds the person's digests), and the record, in that order: a
   * change never interleaves with an erasure or another change of the same person.
   */
  async forChange(
    ctx: RequestContext,
    id: string,
    action: 'update' | 'delete',
  ): Promise<PersonalRecordEntity> {
    const found = await ctx.manager.findOneBy(PersonalRecordEntity, { id });
    if (!found || !ctx.ability.can(action, recordSubject({ categoryCode: found.categoryCode }))) {
      throw await denyRecord(
        ctx,
        action,
        { id, subjectId: found?.subjectId, categoryCode: found?.categoryCode },
        new NotFoundError(`There is no record ${id} you may change.`),
      );
    }
    const subject = await lockSubject(ctx, found.subjectId, 'exclusive');
    const record = await ctx.manager.findOneOrFail(PersonalRecordEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (subject?.erasedAt && action === 'update') throw subjectErased(found.subjectId);
    return record;
  }

  /**
   * Loads a record for a correction or erasure at the person's request (APPI arts. 34–35): the
   * caller answers requests (update DataSubject); locks as forChange.
   */
  async forCorrection(ctx: RequestContext, id: string) {
    const found = await ctx.manager.findOneBy(PersonalRecordEntity, { id });
    if (!found || !ctx.ability.can('update', 'DataSubject')) {
      throw await denyRecord(
        ctx,
        'correct',
        { id, subjectId: found?.subjectId, categoryCode: found?.categoryCode },
        new NotFoundError(`There is no record ${id} you may correct.`),
      );
    }
    const subject = await lockSubject(ctx, found.subjectId, 'exclusive');
    const record = await ctx.manager.findOneOrFail(PersonalRecordEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (subject?.erasedAt) throw subjectErased(found.subjectId);
    return record;
  }

  /**
   * An existing person a new record is to be attached to (locked, shared), with their data key:
   * only one the caller may already see, i.e. who has a record in a category its role handles
   * (privacy policy §2: a department handles its own people). A missing id, and a person the
   * caller may not see, erased or not, get the same NOT_FOUND; an erased person the caller
   * handled is SUBJECT_ERASED.
   */
  async knownSubject(
    ctx: RequestContext,
    subjectId: string,
    categoryCode: string,
  ): Promise<{ id: string; key: Buffer }> {
    const subject = await lockSubject(ctx, subjectId, 'shared');
    const categories = subject
      ? await ctx.manager
          .createQueryBuilder(PersonalRecordEntity, 'r')
          .select('DISTINCT r.category_code', 'categoryCode')
          .where('r.subject_id = :subjectId', { subjectId })
          .getRawMany<{ categoryCode: string }>()
      : [];
    const handled = categories.some((c) =>
      ctx.ability.can('create', recordSubject({ categoryCode: c.categoryCode })),
    );
    if (!subject || !handled) {
      throw await denyRecord(
        ctx,
        'create',
        { subjectId: subject?.id, categoryCode },
        new NotFoundError(`There is no data subject with that subjectId you may add records to.`),
      );
    }
    if (subject.erasedAt) throw subjectErased(subjectId);
    return { id: subject.id, key: await dataKeyOf(ctx, this.keys, subject.id) };
  }

  /**
   * Loads a record to be read for a purpose, or refuses (recorded): NOT_FOUND when it does not
   * exist or the role may not read its category at all (existence does not leak); FORBIDDEN when
   * the role reads the category, but not for this purpose (a misuse the reader should see named).
   */
  async forPurpose(
    ctx: RequestContext,
    id: string,
    purposeCode: string,
    operation: string,
  ): Promise<RecordForPurpose> {
    const record = await ctx.manager.findOneBy(PersonalRecordEntity, { id });
    const target = {
      id,
      subjectId: record?.subjectId,
      categoryCode: record?.categoryCode,
      purposeCode,
    };
    const hidden = () => new NotFoundError(`There is no record ${id} you may read.`);
    if (!record) throw await denyRecord(ctx, operation, target, hidden());
    const category = await this.categories.get(ctx, record.categoryCode);
    const asked = recordSubject({ categoryCode: record.categoryCode, purposeCode });
    if (!category.purposeCodes.includes(purposeCode) || !canSomeField(ctx.ability, 'read', asked)) {
      const readsCategory = category.purposeCodes.some((p) =>
        canSomeField(
          ctx.ability,
          'read',
          recordSubject({ categoryCode: record.categoryCode, purposeCode: p }),
        ),
      );
      throw await denyRecord(
        ctx,
        operation,
        target,
        readsCategory
          ? new ForbiddenError(
              `${purposeCode} is not a purpose your role may use for ${record.categoryCode}.`,
            )
          : hidden(),
      );
    }
    if (!SUSPENSION_EXEMPT.has(purposeCode) && (await this.useSuspended(ctx, record.subjectId))) {
      throw await denyRecord(
        ctx,
        operation,
        target,
        new ForbiddenError(
          `Use of this person's data is suspended at their request (APPI art. 35); only a request or an incident may read it, not ${purposeCode}.`,
        ),
      );
    }
    return { record, category, target };
  }

  private useSuspended(ctx: RequestContext, subjectId: string): Promise<boolean> {
    return ctx.manager.exists(DataSubjectEntity, {
      where: { id: subjectId, useSuspendedAt: Not(IsNull()) },
    });
  }

  /** A record whose values are gone: SUBJECT_ERASED when its person was erased, else CONFLICT. */
  async valuesGone(ctx: RequestContext, record: PersonalRecordEntity): Promise<DomainError> {
    const erased = await ctx.manager.exists(DataSubjectEntity, {
      where: { id: record.subjectId, erasedAt: Not(IsNull()) },
    });
    return erased
      ? new SubjectErasedError(
          `The subject of record ${record.id} was erased; its values are gone.`,
        )
      : new ConflictError(`Record ${record.id} was disposed of; only its metadata remains.`);
  }
}

/**
 * What a read for the purpose returns: the items the role may see for it (field rules) and the
 * purpose needs (the catalog's purposeItems, deny by default: APPI art. 18); the rest of what
 * the record holds is named in withheldItems.
 */
export function permittedItems(
  ctx: RequestContext,
  purposeCode: string,
  category: DataCategoryEntity,
): Set<string> {
  const asked = recordSubject({ categoryCode: category.code, purposeCode });
  const allItems = category.items.map((i) => i.key);
  const needed = neededItems(category, purposeCode);
  return new Set(
    permittedFieldsOf(ctx.ability, 'read', asked, {
      fieldsFrom: (rule) => rule.fields ?? allItems,
    }).filter((key) => needed.has(key)),
  );
}
