import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { CategoryService } from '@daicho/inventory';
import { Ledger } from '@daicho/ledger';
import { ConflictError, ForbiddenError, LedgerAction } from '@daicho/platform';
import { HoldingsKeys } from '../crypto/holdings-keys';
import { dataKeyOf } from '../subject/subject-keys';
import { assertBinaryItem, loadBinary, storeBinary } from './binary-items';
import { PersonalRecordEntity } from './personal-record.entity';
import { denyRecord, permittedItems, RecordAccess } from './record-access';
import { openBinary, recordKeyOf, sealBinary } from './record-vault';

/** File items of a record (images, recordings): sealed under the record's key, as values are. */
@Injectable()
export class RecordFiles {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly categories: CategoryService,
    private readonly access: RecordAccess,
  ) {}

  /** Stores a file item (image, recording), sealed under the record's key. */
  async put(
    ctx: RequestContext,
    id: string,
    itemKey: string,
    contentType: string,
    content: Buffer,
  ): Promise<void> {
    await ctx.transaction(async (tx) => {
      const record = await this.access.forChange(tx, id, 'update');
      if (record.status === 'DISPOSED') throw new ConflictError(`Record ${id} was disposed of.`);
      const category = await this.categories.get(tx, record.categoryCode);
      assertBinaryItem(category, itemKey);
      const recordKey = recordKeyOf(await dataKeyOf(tx, this.keys, record.subjectId), record);
      const sealed = sealBinary(recordKey, id, itemKey, content);
      await storeBinary(tx, id, itemKey, contentType, sealed, content.length);
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

  /** Reads a file item for a purpose, as a read of values does: checked, decrypted, recorded. */
  async get(
    ctx: RequestContext,
    id: string,
    itemKey: string,
    purposeCode: string,
  ): Promise<{ contentType: string; content: Buffer }> {
    return ctx.transaction(async (tx) => {
      const { record, category, target } = await this.access.forPurpose(
        tx,
        id,
        purposeCode,
        'download',
      );
      assertBinaryItem(category, itemKey);
      if (!permittedItems(tx, purposeCode, category).has(itemKey)) {
        throw await denyRecord(
          tx,
          'download',
          target,
          new ForbiddenError(
            `${itemKey} is not an item your role may see, or ${purposeCode} needs, in ${record.categoryCode}.`,
          ),
        );
      }
      const stored = await loadBinary(tx, id, itemKey);
      const recordKey = recordKeyOf(await dataKeyOf(tx, this.keys, record.subjectId), record);
      const content = openBinary(recordKey, id, itemKey, stored.sealedContent);
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
      return { contentType: stored.contentType, content };
    });
  }
}
