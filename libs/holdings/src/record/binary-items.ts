import type { RequestContext } from '@daicho/access';
import { BadUserInputError, NotFoundError } from '@daicho/platform';
import type { DataCategoryEntity } from '@daicho/inventory';
import { ItemValueType } from '@daicho/inventory';

/** The item must be one of the category's binary items (face image, recording, CCTV image). */
export function assertBinaryItem(category: DataCategoryEntity, itemKey: string): void {
  const item = category.items.find((i) => i.key === itemKey);
  if (!item || item.valueType !== ItemValueType.BINARY) {
    throw new BadUserInputError(`${itemKey} is not a file item of ${category.code}.`, ['item']);
  }
}

/** A stored file item whose sealed bytes are still there (a disposal clears them). */
export interface StoredBinary {
  contentType: string;
  size: number;
  sealedContent: Buffer;
}

interface BinaryRow {
  content_type: string;
  size: number;
  sealed_content: Buffer | null;
}

const toStoredBinary = (row: BinaryRow): StoredBinary | null =>
  row.sealed_content
    ? { contentType: row.content_type, size: row.size, sealedContent: row.sealed_content }
    : null;

export async function storeBinary(
  ctx: RequestContext,
  recordId: string,
  itemKey: string,
  contentType: string,
  sealed: Buffer,
  size: number,
): Promise<void> {
  await ctx.manager.query(
    `INSERT INTO record_binaries (record_id, item_key, content_type, size, sealed_content)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (record_id, item_key)
     DO UPDATE SET content_type = EXCLUDED.content_type, size = EXCLUDED.size, sealed_content = EXCLUDED.sealed_content`,
    [recordId, itemKey, contentType, size, sealed],
  );
}

export async function loadBinary(
  ctx: RequestContext,
  recordId: string,
  itemKey: string,
): Promise<StoredBinary> {
  const [row] = await ctx.manager.query<BinaryRow[]>(
    'SELECT content_type, size, sealed_content FROM record_binaries WHERE record_id = $1 AND item_key = $2',
    [recordId, itemKey],
  );
  const stored = row ? toStoredBinary(row) : null;
  if (!stored) throw new NotFoundError(`Record ${recordId} has no ${itemKey}.`);
  return stored;
}
