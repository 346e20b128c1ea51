import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { permittedFieldsOf } from '@casl/ability/extra';
import { canSomeField, type RequestContext } from '@daicho/access';
import {
  CategoryService,
  neededItems,
  RetentionTrigger,
  type DataCategoryEntity,
} from '@daicho/inventory';
import { Ledger, type LedgerEntryInput } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  LedgerAction,
} from '@daicho/platform';
import { DataSource, IsNull, Not } from 'typeorm';
import { blindIndex, type BlindIndexKind } from '../crypto/blind-index';
import { DecryptionFailed, open, seal } from '../crypto/envelope';
import { HoldingsKeys } from '../crypto/holdings-keys';
import { disposeOf } from '../retention/record-disposal';
import { assertBinaryItem, binaryAad, loadBinary, storeBinary } from './binary-items';
import { retentionDue } from '../retention/retention-due';
import { DataSubjectEntity } from '../subject/data-subject.entity';
import {
  createSubject,
  dataKeyOf,
  dataKeysOf,
  lockSubject,
  subjectErased,
} from '../subject/subject-keys';
import type { CreateRecordInput } from './record.dto';
import { checkValues, type RecordValues } from './record-values';
import { PersonalRecordEntity, recordKeyAad, valuesAad } from './personal-record.entity';
import { recordSubject } from './record-subject';
import { openTexts, sealText, type RecordTexts } from './record-texts';

/** Items whose values make a subject findable by the CPO (requests from the person). */
const INDEXED_ITEMS: Record<string, BlindIndexKind> = {
  email: 'EMAIL',
  phone: 'PHONE',
  callerNumber: 'PHONE',
  name: 'NAME',
  callerName: 'NAME',
};

export interface RecordsFilter {
  subjectId?: string;
  collectedFrom?: Date;
  collectedTo?: Date;
  retentionDueBefore?: Date;
}

/** A record with its free texts opened, for a caller who may read or change it. */
export interface RecordWithTexts {
  record: PersonalRecordEntity;
  texts: RecordTexts;
}

export interface ReadRecord extends RecordWithTexts {
  values: RecordValues;
  /** Items the record holds that the role may not see for this purpose (names only). */
  withheld: string[];
}

/**
 * Personal records: created and read only as the role's policy and the declared purpose allow,
 * values sealed under the subject's data key, every touch and every refusal in the ledger.
 */
@Injectable()
export class RecordService {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly categories: CategoryService,
    private readonly dataSource: DataSource,
  ) {}

  async create(ctx: RequestContext, input: CreateRecordInput): Promise<RecordWithTexts> {
    const target = { categoryCode: input.categoryCode, subjectId: input.subjectId };
    if (!ctx.ability.can('create', recordSubject({ categoryCode: input.categoryCode }))) {
      throw await this.refuse(
        ctx,
        'create',
        target,
        new ForbiddenError(
          `Your role (${ctx.role}) may not create records of ${input.categoryCode}.`,
        ),
      );
    }
    const values = Object.fromEntries(input.values.map((v) => [v.key, v.value]));
    if (Object.keys(values).length !== input.values.length) {
      throw new BadUserInputError('values names an item twice.', ['values']);
    }
    return ctx.transaction(async (tx) => {
      const category = await this.activeCategory(tx, input.categoryCode);
      checkValues(category.items, values);
      if (category.consentRequired && !input.consentRef) {
        throw new BadUserInputError(
          `${category.code} needs the person's consent: give consentRef.`,
          ['consentRef'],
        );
      }
      const person = input.subjectId
        ? await this.knownSubject(tx, ctx, input.subjectId, category.code)
        : await this.newSubject(tx, category);
      const id = randomUUID();
      const now = new Date();
      const recordKey = randomBytes(32);
      const eventAt =
        category.retentionTrigger === RetentionTrigger.COLLECTION ? input.collectedAt : null;
      const record = await tx.manager.save(
        tx.manager.create(PersonalRecordEntity, {
          id,
          subjectId: person.id,
          categoryCode: category.code,
          wrappedRecordKey: seal(person.key, recordKey, recordKeyAad(id)),
          sealedValues: seal(
            recordKey,
            Buffer.from(JSON.stringify(values)),
            valuesAad(id, category.code),
          ),
          itemKeys: Object.keys(values).sort(),
          collectedAt: input.collectedAt,
          source: null,
          sealedSource: sealText(person.key, id, 'source', input.source),
          consentRef: null,
          sealedConsentRef: sealText(person.key, id, 'consentRef', input.consentRef),
          retentionEventAt: eventAt,
          retentionDueAt: retentionDue(eventAt, category.retentionPeriod),
          status: 'ACTIVE',
          disposedAt: null,
          disposalReason: null,
          sealedDisposalReason: null,
          version: 1,
          createdBy: tx.actor.id,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.index(tx, person.id, values);
      await this.ledger.append(tx, {
        action: LedgerAction.CREATE,
        targetType: 'PersonalRecord',
        targetId: id,
        subjectId: person.id,
        categoryCode: category.code,
        fields: record.itemKeys,
        details: { source: 'api' },
      });
      const texts = { source: input.source, consentRef: input.consentRef ?? null };
      return { record, texts: { ...texts, disposalReason: null } };
    });
  }

  /**
   * Reads a record for a declared purpose: it must be one of the category's purposes and one the
   * role may use; only the items the role may see for it are decrypted and returned. A caller who
   * may not read the category at all gets NOT_FOUND, so existence does not leak.
   */
  async read(ctx: RequestContext, id: string, purposeCode: string): Promise<ReadRecord> {
    return ctx.transaction(async (tx) => {
      const { record, category, asked } = await this.forPurpose(tx, ctx, id, purposeCode, 'read');
      if (record.status === 'DISPOSED' || !record.sealedValues) {
        const erased = await tx.manager.exists(DataSubjectEntity, {
          where: { id: record.subjectId, erasedAt: Not(IsNull()) },
        });
        throw new ConflictError(
          erased
            ? `SUBJECT_ERASED: the subject of record ${id} was erased; its values are gone.`
            : `Record ${id} was disposed of; only its metadata remains.`,
        );
      }
      const [opened] = await this.openAndRecord(
        tx,
        [record],
        purposeCode,
        this.permittedItems(ctx, asked, category),
      );
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
    page: { first: number; after?: { createdAt: Date; id: string } },
    filter: RecordsFilter = {},
  ): Promise<{ records: ReadRecord[]; hasNextPage: boolean }> {
    const asked = recordSubject({ categoryCode, purposeCode });
    return ctx.transaction(async (tx) => {
      const category = await this.categories.get(tx, categoryCode).catch(() => null);
      if (
        !category ||
        !category.purposeCodes.includes(purposeCode) ||
        !canSomeField(ctx.ability, 'read', asked)
      ) {
        throw await this.refuse(
          ctx,
          'list',
          { categoryCode, purposeCode },
          new ForbiddenError(
            `Your role (${ctx.role}) may not list records of ${categoryCode} for ${purposeCode}.`,
          ),
        );
      }
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
      const permitted = this.permittedItems(ctx, asked, category);
      const records = await this.openAndRecord(
        tx,
        rows.slice(0, page.first),
        purposeCode,
        permitted,
      );
      return { records, hasNextPage: rows.length > page.first };
    });
  }

  /** Changes some values; the ledger gets the names of the items changed, never the values. */
  async update(ctx: RequestContext, id: string, changes: RecordValues): Promise<RecordWithTexts> {
    return ctx.transaction(async (tx) => {
      const record = await this.forChange(tx, ctx, id, 'update');
      if (record.status === 'DISPOSED') throw new ConflictError(`Record ${id} was disposed of.`);
      const category = await this.categories.get(tx, record.categoryCode);
      checkValues(category.items, changes, true);
      const subjectKey = await dataKeyOf(tx, this.keys, record.subjectId);
      const recordKey = this.recordKeyOf(subjectKey, record);
      const before = JSON.parse(this.unseal(subjectKey, record).toString('utf8')) as RecordValues;
      const after = { ...before, ...changes };
      checkValues(category.items, after);
      const changed = Object.keys(changes)
        .filter((k) => before[k] !== changes[k])
        .sort();
      if (changed.length === 0) return { record, texts: openTexts(subjectKey, record) };
      Object.assign(record, {
        sealedValues: seal(
          recordKey,
          Buffer.from(JSON.stringify(after)),
          valuesAad(record.id, record.categoryCode),
        ),
        itemKeys: Object.keys(after).sort(),
        version: record.version + 1,
        updatedAt: new Date(),
      });
      const saved = await tx.manager.save(PersonalRecordEntity, record);
      await this.index(tx, record.subjectId, Object.fromEntries(changed.map((k) => [k, after[k]])));
      await this.ledger.append(tx, {
        action: LedgerAction.UPDATE,
        targetType: 'PersonalRecord',
        targetId: id,
        subjectId: record.subjectId,
        categoryCode: record.categoryCode,
        fields: changed,
      });
      return { record: saved, texts: openTexts(subjectKey, saved) };
    });
  }

  /** Stores a file item (image, recording), sealed under the record's key. */
  async putBinary(
    ctx: RequestContext,
    id: string,
    itemKey: string,
    contentType: string,
    content: Buffer,
  ): Promise<void> {
    await ctx.transaction(async (tx) => {
      const record = await this.forChange(tx, ctx, id, 'update');
      if (record.status === 'DISPOSED') throw new ConflictError(`Record ${id} was disposed of.`);
      const category = await this.categories.get(tx, record.categoryCode);
      assertBinaryItem(category, itemKey);
      const recordKey = this.recordKeyOf(await dataKeyOf(tx, this.keys, record.subjectId), record);
      await storeBinary(
        tx,
        id,
        itemKey,
        contentType,
        seal(recordKey, content, binaryAad(id, itemKey)),
        content.length,
      );
      if (!record.itemKeys.includes(itemKey)) {
        record.itemKeys = [...record.itemKeys, itemKey].sort();
        record.version += 1;
        record.updatedAt = new Date();
        await tx.manager.save(PersonalRecordEntity, record);
      }
      await this.ledger.append(tx, {
        action: LedgerAction.UPDATE,
        targetType: 'PersonalRecord',
        targetId: id,
        subjectId: record.subjectId,
        categoryCode: record.categoryCode,
        fields: [itemKey],
        details: { file: true, bytes: content.length },
      });
    });
  }

  /** Reads a file item for a purpose, as `read` does for values: checked, decrypted, recorded. */
  async getBinary(
    ctx: RequestContext,
    id: string,
    itemKey: string,
    purposeCode: string,
  ): Promise<{ contentType: string; content: Buffer }> {
    return ctx.transaction(async (tx) => {
      const { record, category, asked, target } = await this.forPurpose(
        tx,
        ctx,
        id,
        purposeCode,
        'download',
      );
      assertBinaryItem(category, itemKey);
      if (!this.permittedItems(ctx, asked, category).has(itemKey)) {
        throw await this.refuse(
          ctx,
          'download',
          target,
          new ForbiddenError(
            `${itemKey} is not an item your role may see, or ${purposeCode} needs, in ${record.categoryCode}.`,
          ),
        );
      }
      const stored = await loadBinary(tx, id, itemKey);
      const recordKey = this.recordKeyOf(await dataKeyOf(tx, this.keys, record.subjectId), record);
      let content: Buffer;
      try {
        content = open(recordKey, stored.sealed_content as Buffer, binaryAad(id, itemKey));
      } catch {
        throw new ConflictError(
          `DECRYPTION_FAILED: ${itemKey} of record ${id} does not authenticate; report an incident.`,
        );
      }
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'PersonalRecord',
        targetId: id,
        subjectId: record.subjectId,
        categoryCode: record.categoryCode,
        purposeCode,
        fields: [itemKey],
        details: { file: true, bytes: content.length },
      });
      return { contentType: stored.content_type, content };
    });
  }

  async dispose(ctx: RequestContext, id: string, reason: string): Promise<RecordWithTexts> {
    return ctx.transaction(async (tx) => {
      const record = await this.forChange(tx, ctx, id, 'delete');
      if (record.status === 'DISPOSED')
        throw new ConflictError(`Record ${id} was already disposed of.`);
      const subjectKey = await dataKeyOf(tx, this.keys, record.subjectId);
      const sealed = sealText(subjectKey, id, 'disposalReason', reason);
      const saved = await disposeOf(tx, this.ledger, record, 'MANUAL', sealed);
      return { record: saved, texts: openTexts(subjectKey, saved) };
    });
  }

  /**
   * Records the event a category's retention runs from (e.g. END_OF_EMPLOYMENT) and recomputes
   * the due date. Only the category's own trigger is accepted.
   */
  async recordEvent(
    ctx: RequestContext,
    id: string,
    event: RetentionTrigger,
    occurredAt: Date,
  ): Promise<RecordWithTexts> {
    return ctx.transaction(async (tx) => {
      const record = await this.forChange(tx, ctx, id, 'update');
      const category = await this.categories.get(tx, record.categoryCode);
      if (category.retentionTrigger !== event) {
        throw new BadUserInputError(
          `Retention of ${category.code} runs from ${category.retentionTrigger}, not ${event}.`,
          ['event'],
        );
      }
      if (record.status === 'DISPOSED')
        throw new ConflictError(`Record ${id} was already disposed of.`);
      Object.assign(record, {
        retentionEventAt: occurredAt,
        retentionDueAt: retentionDue(occurredAt, category.retentionPeriod),
        version: record.version + 1,
        updatedAt: new Date(),
      });
      const saved = await tx.manager.save(PersonalRecordEntity, record);
      await this.ledger.append(tx, {
        action: LedgerAction.UPDATE,
        targetType: 'PersonalRecord',
        targetId: id,
        subjectId: record.subjectId,
        categoryCode: record.categoryCode,
        fields: ['retentionEventAt', 'retentionDueAt'],
        details: { event },
      });
      return {
        record: saved,
        texts: openTexts(await dataKeyOf(tx, this.keys, saved.subjectId), saved),
      };
    });
  }

  /**
   * Loads a record for a change the role must be allowed on its category (else NOT_FOUND, the
   * answer for a missing id too), then locks its subject (shared) and the record, in that order,
   * so the change and an erasure of the person never interleave: after an erasure the change is
   * refused as SUBJECT_ERASED.
   */
  private async forChange(
    tx: RequestContext,
    ctx: RequestContext,
    id: string,
    action: 'update' | 'delete',
  ): Promise<PersonalRecordEntity> {
    const found = await tx.manager.findOneBy(PersonalRecordEntity, { id });
    const target = { recordId: id, subjectId: found?.subjectId, categoryCode: found?.categoryCode };
    if (!found || !ctx.ability.can(action, recordSubject({ categoryCode: found.categoryCode }))) {
      throw await this.refuse(
        ctx,
        action,
        target,
        new NotFoundError(`There is no record ${id} you may change.`),
      );
    }
    const subject = await lockSubject(tx, found.subjectId, 'shared');
    const record = await tx.manager.findOneOrFail(PersonalRecordEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (subject?.erasedAt && action === 'update') throw subjectErased(found.subjectId);
    return record;
  }

  /**
   * An existing person a new record is to be attached to (locked, shared): only one the caller may
   * already see, i.e. who has a record in a category its role handles (privacy policy §2: a
   * department handles its own people). A missing id, and a person the caller may not see, erased
   * or not, get the same NOT_FOUND; an erased person the caller handled is SUBJECT_ERASED.
   */
  private async knownSubject(
    tx: RequestContext,
    ctx: RequestContext,
    subjectId: string,
    categoryCode: string,
  ): Promise<{ id: string; key: Buffer }> {
    const subject = await lockSubject(tx, subjectId, 'shared');
    const categories = subject
      ? await tx.manager.query<{ category_code: string }[]>(
          'SELECT DISTINCT category_code FROM personal_records WHERE subject_id = $1',
          [subjectId],
        )
      : [];
    const handled = categories.some((c) =>
      ctx.ability.can('create', recordSubject({ categoryCode: c.category_code })),
    );
    if (!subject || !handled) {
      throw await this.refuse(
        ctx,
        'create',
        { subjectId: subject?.id, categoryCode },
        new NotFoundError(`There is no data subject with that subjectId you may add records to.`),
      );
    }
    if (subject.erasedAt) throw subjectErased(subjectId);
    return { id: subject.id, key: await dataKeyOf(tx, this.keys, subject.id) };
  }

  /**
   * Loads a record to be read for a purpose, or refuses (recorded): NOT_FOUND when it does not
   * exist or the role may not read its category at all (existence does not leak); FORBIDDEN when
   * the role reads the category, but not for this purpose (a misuse the reader should see named).
   */
  private async forPurpose(
    tx: RequestContext,
    ctx: RequestContext,
    id: string,
    purposeCode: string,
    operation: string,
  ) {
    const record = await tx.manager.findOneBy(PersonalRecordEntity, { id });
    const target = {
      recordId: id,
      subjectId: record?.subjectId,
      categoryCode: record?.categoryCode,
      purposeCode,
    };
    const hidden = () => new NotFoundError(`There is no record ${id} you may read.`);
    if (!record) throw await this.refuse(ctx, operation, target, hidden());
    const category = await this.categories.get(tx, record.categoryCode);
    const asked = recordSubject({ categoryCode: record.categoryCode, purposeCode });
    if (!category.purposeCodes.includes(purposeCode) || !canSomeField(ctx.ability, 'read', asked)) {
      const readsCategory = category.purposeCodes.some((p) =>
        canSomeField(
          ctx.ability,
          'read',
          recordSubject({ categoryCode: record.categoryCode, purposeCode: p }),
        ),
      );
      throw await this.refuse(
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
    return { record, category, asked, target };
  }

  /**
   * What a read for the purpose returns: the items the role may see for it (field rules) and the
   * purpose needs (the catalog's purposeItems, deny by default: APPI art. 18); the rest of what
   * the record holds is named in withheldItems.
   */
  private permittedItems(
    ctx: RequestContext,
    asked: Record<string, unknown>,
    category: DataCategoryEntity,
  ): Set<string> {
    const allItems = category.items.map((i) => i.key);
    const needed = neededItems(category, String(asked.purposeCode));
    return new Set(
      permittedFieldsOf(ctx.ability, 'read', asked, {
        fieldsFrom: (rule) => rule.fields ?? allItems,
      }).filter((key) => needed.has(key)),
    );
  }

  /**
   * Decrypts the permitted items of the records and writes one READ entry per record (same
   * transaction): their subjects' keys in one query, the entries in one statement.
   */
  private async openAndRecord(
    tx: RequestContext,
    records: PersonalRecordEntity[],
    purposeCode: string,
    permitted: Set<string>,
  ): Promise<ReadRecord[]> {
    const keys = await dataKeysOf(
      tx,
      this.keys,
      records.map((r) => r.subjectId),
    );
    const opened = records.map((record) => {
      const subjectKey = keys.get(record.subjectId)!;
      const all = JSON.parse(this.unseal(subjectKey, record).toString('utf8')) as RecordValues;
      const values = Object.fromEntries(Object.entries(all).filter(([k]) => permitted.has(k)));
      const withheld = Object.keys(all)
        .filter((k) => !permitted.has(k))
        .sort();
      return { record, texts: openTexts(subjectKey, record), values, withheld };
    });
    await this.ledger.appendMany(
      tx,
      opened.map(({ record, values, withheld }) => ({
        action: LedgerAction.READ,
        targetType: 'PersonalRecord',
        targetId: record.id,
        subjectId: record.subjectId,
        categoryCode: record.categoryCode,
        purposeCode,
        fields: Object.keys(values).sort(),
        details: { withheld },
      })),
    );
    return opened;
  }

  /** Values that fail authentication were altered or moved: refuse them, never return garbage. */
  private recordKeyOf(subjectKey: Buffer, record: PersonalRecordEntity): Buffer {
    return open(subjectKey, record.wrappedRecordKey as Buffer, recordKeyAad(record.id));
  }

  private unseal(subjectKey: Buffer, record: PersonalRecordEntity): Buffer {
    try {
      const recordKey = open(
        subjectKey,
        record.wrappedRecordKey as Buffer,
        recordKeyAad(record.id),
      );
      return open(
        recordKey,
        record.sealedValues as Buffer,
        valuesAad(record.id, record.categoryCode),
      );
    } catch (error) {
      if (!(error instanceof DecryptionFailed)) throw error;
      throw new ConflictError(
        `DECRYPTION_FAILED: the values of record ${record.id} do not authenticate (altered or moved); report an incident.`,
      );
    }
  }

  private async activeCategory(tx: RequestContext, code: string): Promise<DataCategoryEntity> {
    const category = await this.categories.get(tx, code).catch((error: unknown) => {
      throw error instanceof DomainError
        ? new BadUserInputError(`There is no category ${code}.`, ['categoryCode'])
        : error;
    });
    if (category.retiredAt)
      throw new BadUserInputError(`Category ${code} is retired.`, ['categoryCode']);
    return category;
  }

  private async newSubject(tx: RequestContext, category: DataCategoryEntity) {
    const created = await createSubject(tx, this.keys, category.subjectType);
    return { id: created.id, key: await dataKeyOf(tx, this.keys, created.id) };
  }

  private async index(tx: RequestContext, subjectId: string, values: RecordValues): Promise<void> {
    const rows = Object.entries(values).flatMap(([key, value]) => {
      const kind = INDEXED_ITEMS[key];
      const digest = kind ? blindIndex(this.keys.indexKey, kind, value) : null;
      return kind && digest ? [{ subject_id: subjectId, kind, digest }] : [];
    });
    for (const row of rows) {
      await tx.manager.query(
        `INSERT INTO subject_blind_indexes (subject_id, kind, digest) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [row.subject_id, row.kind, row.digest],
      );
    }
  }

  /** Records a refused attempt in its own write (it must outlive the failed call) and returns the error. */
  private async refuse(
    ctx: RequestContext,
    operation: string,
    target: { recordId?: string; subjectId?: string; categoryCode?: string; purposeCode?: string },
    error: DomainError,
  ): Promise<DomainError> {
    const entry: LedgerEntryInput = {
      action: LedgerAction.DENIED,
      outcome: LedgerAction.DENIED,
      targetType: 'PersonalRecord',
      targetId: target.recordId,
      subjectId: target.subjectId,
      categoryCode: target.categoryCode,
      purposeCode: /^[A-Z][A-Z0-9_]{0,99}$/.test(target.purposeCode ?? '')
        ? target.purposeCode
        : undefined,
      details: { operation: `${operation} PersonalRecord`, reason: error.code },
    };
    await this.ledger.append(
      { manager: this.dataSource.manager, requestId: ctx.requestId, actor: ctx.actor },
      entry,
    );
    return error;
  }
}
