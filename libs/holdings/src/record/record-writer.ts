import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { CategoryService, type DataCategoryEntity } from '@daicho/inventory';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  DomainEventType,
  LedgerAction,
  Outbox,
} from '@daicho/platform';
import { HoldingsKeys } from '../crypto/holdings-keys';
import { disposeOf } from '../retention/record-disposal';
import { retentionStart } from '../retention/retention-clock';
import { ErasureJournal } from '../subject/erasure-journal';
import { refuseWhileHeld } from '../subject/legal-holds';
import { createSubject, dataKeyOf } from '../subject/subject-keys';
import { indexValues, isIndexedItem, reindexSubject } from './blind-index-upkeep';
import type { CreateRecordInput } from './record.dto';
import { PersonalRecordEntity } from './personal-record.entity';
import { RecordAccess } from './record-access';
import { sealText, sentTexts, type RecordWithTexts } from './record-texts';
import { checkValues, type RecordValues } from './record-values';
import { openValues, recordKeyOf, sealNewRecord, sealValues } from './record-vault';

/**
 * Creating, changing and disposing of personal records, as the role's policy allows: values
 * sealed under the subject's data key, every change and every refusal in the ledger.
 */
@Injectable()
export class RecordWriter {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly categories: CategoryService,
    private readonly access: RecordAccess,
    private readonly journal: ErasureJournal,
    private readonly outbox: Outbox,
  ) {}

  async create(ctx: RequestContext, input: CreateRecordInput): Promise<RecordWithTexts> {
    await this.access.assertMayCreate(ctx, input.categoryCode, input.subjectId);
    const values = Object.fromEntries(input.values.map((v) => [v.key, v.value]));
    if (Object.keys(values).length !== input.values.length) {
      throw new BadUserInputError('values names an item twice.', ['values']);
    }
    return ctx.transaction(async (tx) => {
      const category = await this.access.activeCategory(tx, input.categoryCode);
      checkValues(category.items, values);
      if (category.consentRequired && !input.consentRef) {
        throw new BadUserInputError(
          `${category.code} needs the person's consent: give consentRef.`,
          ['consentRef'],
        );
      }
      const person = input.subjectId
        ? await this.access.knownSubject(tx, input.subjectId, category.code)
        : await this.newSubject(tx, category);
      const id = randomUUID();
      const now = new Date();
      const record = await tx.manager.save(
        tx.manager.create(PersonalRecordEntity, {
          id,
          subjectId: person.id,
          categoryCode: category.code,
          ...sealNewRecord(person.key, { id, categoryCode: category.code }, values),
          itemKeys: Object.keys(values).sort(),
          collectedAt: input.collectedAt,
          source: null,
          sealedSource: sealText(person.key, id, 'source', input.source),
          consentRef: null,
          sealedConsentRef: sealText(person.key, id, 'consentRef', input.consentRef),
          ...retentionStart(category, input.collectedAt),
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
      await indexValues(tx, this.keys.indexKey, person.id, values);
      await this.ledger.append(tx, {
        action: LedgerAction.CREATE,
        targetType: 'PersonalRecord',
        targetId: id,
        subjectId: person.id,
        categoryCode: category.code,
        fields: record.itemKeys,
        details: { source: 'api' },
      });
      await this.outbox.publish(tx.manager, DomainEventType.RECORD_CREATED, {
        recordId: id,
        subjectId: person.id,
        categoryCode: category.code,
      });
      const texts = { source: input.source, consentRef: input.consentRef ?? null };
      return { record, texts: { ...texts, disposalReason: null } };
    });
  }

  /** Changes some values; the ledger gets the names of the items changed, never the values. */
  async update(ctx: RequestContext, id: string, changes: RecordValues): Promise<RecordWithTexts> {
    return ctx.transaction(async (tx) =>
      this.change(tx, await this.access.forChange(tx, id, 'update'), changes, {}),
    );
  }

  /**
   * A correction, addition or deletion of contents the person asked for (APPI art. 34), made by
   * whoever answers their requests (update DataSubject), in any category: the UPDATE entry names
   * the request it was made for.
   */
  async correctForRequest(
    ctx: RequestContext,
    id: string,
    changes: RecordValues,
    requestId: string,
  ): Promise<RecordWithTexts> {
    return ctx.transaction(async (tx) =>
      this.change(tx, await this.access.forCorrection(tx, id), changes, { request: requestId }),
    );
  }

  private async change(
    tx: RequestContext,
    record: PersonalRecordEntity,
    changes: RecordValues,
    details: Record<string, string>,
  ): Promise<RecordWithTexts> {
    const id = record.id;
    if (record.status === 'DISPOSED') throw new ConflictError(`Record ${id} was disposed of.`);
    const category = await this.categories.get(tx, record.categoryCode);
    checkValues(category.items, changes, true);
    const subjectKey = await dataKeyOf(tx, this.keys, record.subjectId);
    const before = openValues(subjectKey, record);
    const after = { ...before, ...changes };
    checkValues(category.items, after);
    const changed = Object.entries(changes)
      .filter(([key, value]) => before[key] !== value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (changed.length === 0) return { record, texts: sentTexts() };
    Object.assign(record, {
      sealedValues: sealValues(recordKeyOf(subjectKey, record), record, after),
      itemKeys: Object.keys(after).sort(),
      version: record.version + 1,
      updatedAt: new Date(),
    });
    const saved = await tx.manager.save(PersonalRecordEntity, record);
    // A value changed away must stop finding the person (a request naming an old address would
    // be matched to them): their digests are rebuilt from what they hold now, under the person's
    // exclusive lock (forChange, forCorrection).
    if (changed.some(([key]) => isIndexedItem(key)))
      await reindexSubject(tx, this.keys.indexKey, record.subjectId, subjectKey);
    await this.ledger.append(tx, {
      action: LedgerAction.UPDATE,
      targetType: 'PersonalRecord',
      targetId: id,
      subjectId: record.subjectId,
      categoryCode: record.categoryCode,
      fields: changed.map(([key]) => key),
      details,
    });
    return { record: saved, texts: sentTexts() };
  }

  /**
   * Crypto-shreds the values (the record's key and sealed values); the metadata stays. Refused
   * while the person is under a legal hold (APPI arts. 33–35): forChange locked them exclusively.
   */
  async dispose(ctx: RequestContext, id: string, reason: string): Promise<RecordWithTexts> {
    return ctx.transaction(async (tx) => {
      const record = await this.access.forChange(tx, id, 'delete');
      if (record.status === 'DISPOSED')
        throw new ConflictError(`Record ${id} was already disposed of.`);
      await refuseWhileHeld(tx, record.subjectId, `Record ${id} cannot be disposed of`);
      const subjectKey = await dataKeyOf(tx, this.keys, record.subjectId);
      const sealed = sealText(subjectKey, id, 'disposalReason', reason);
      const saved = await disposeOf(tx, this.ledger, this.outbox, record, 'MANUAL', sealed);
      // Its values' digests go with it: a person found by a value no record holds any more
      // would be matched to a request about someone else (forChange locked them exclusively).
      await reindexSubject(tx, this.keys.indexKey, record.subjectId, subjectKey);
      return { record: saved, texts: sentTexts({ disposalReason: reason }) };
    });
  }

  /**
   * Disposes of a record the person asked to have erased (APPI art. 35(1)), by whoever answers
   * their requests (update DataSubject), in any category, when only some of the person's records
   * go (a client's entrusted data stays for the client). Refused while another open request
   * holds the person; the DISPOSE entry's kind is REQUEST_ERASURE.
   */
  async disposeForRequest(
    ctx: RequestContext,
    id: string,
    requestId: string,
  ): Promise<PersonalRecordEntity> {
    const { record, erased } = await ctx.transaction(async (tx) => {
      const found = await this.access.forCorrection(tx, id);
      if (found.status === 'DISPOSED') return { record: found, erased: false };
      await refuseWhileHeld(tx, found.subjectId, `Record ${id} cannot be disposed of`);
      const subjectKey = await dataKeyOf(tx, this.keys, found.subjectId);
      const sealed = sealText(subjectKey, id, 'disposalReason', `request ${requestId}`);
      const disposed = await disposeOf(
        tx,
        this.ledger,
        this.outbox,
        found,
        'REQUEST_ERASURE',
        sealed,
      );
      await reindexSubject(tx, this.keys.indexKey, found.subjectId, subjectKey);
      return { record: disposed, erased: true };
    });
    // An erasure the person asked for survives a restore from an older backup (ErasureReplay).
    if (erased && record.disposedAt) {
      await this.journal.append([
        {
          subjectId: record.subjectId,
          recordId: record.id,
          erasedAt: record.disposedAt.toISOString(),
          requestId: ctx.requestId,
        },
      ]);
    }
    return record;
  }

  private async newSubject(ctx: RequestContext, category: DataCategoryEntity) {
    const created = await createSubject(ctx, this.keys, category.subjectType);
    return { id: created.id, key: await dataKeyOf(ctx, this.keys, created.id) };
  }
}
