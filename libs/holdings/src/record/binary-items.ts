import type { RequestContext } from '@daicho/access';
import { BadUserInputError, NotFoundError } from '@daicho/platform';
import type { DataCategoryEntity } from '@daicho/inventory';
import { ItemValueType } from '@daicho/inventory';

export const binaryAad = (recordId: string, itemKey: string) => `binary:${recordId}:${itemKey}`;

/** The item must be one of the category's binary items (face image, recording, CCTV image). */
export function assertBinaryItem(category: DataCategoryEntity, itemKey: string): void {
  const item = category.items.find((i) => i.key === itemKey);
  if (!item || item.valueType !== ItemValueType.BINARY) {
    throw new BadUserInputError(`${itemKey} is not a file item of ${category.code}.`, ['item']);
  }
}

export interface StoredBinary {
  content_type: string;
  size: number;
  sealed_content: Buffer | null;
}

export async function storeBinary(
  tx: RequestContext,
  recordId: string,
  itemKey: string,
  contentType: string,
  sealed: Buffer,
  size: number,
): Promise<void> {
  await tx.manager.query(
    `INSERT INTO record_binaries (record_id, item_key, content_type, size, sealed_content)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (record_id, item_key)
     DO UPDATE SET content_type = EXCLUDED.content_type, size = EXCLUDED.size, sealed_content = EXCLUDED.sealed_content`,
    [recordId, itemKey, contentType, size, sealed],
  );
}

export async function loadBinary(
  tx: RequestContext,
  recordId: string,
  itemKey: string,
): Promise<StoredBinary> {
  const [row] = await tx.manager.query<StoredBinary[]>(
    'SELECT content_type, size, sealed_content FROM record_binaries WHERE record_id = $1 AND item_key = $2',
    [recordId, itemKey],
  );
  if (!row?.sealed_content) throw new NotFoundError(`Record ${recordId} has no ${itemKey}.`);
  return row;
}
