import { Injectable } from '@nestjs/common';
import { ItemUsage } from '@daicho/inventory';
import type { EntityManager } from 'typeorm';

/** Counts active records holding any of the items (by name; values stay sealed). */
@Injectable()
export class RecordsItemUsage extends ItemUsage {
  async recordsUsing(
    manager: EntityManager,
    categoryCode: string,
    itemKeys: readonly string[],
  ): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM personal_records
        WHERE category_code = $1 AND status = 'ACTIVE' AND item_keys && $2::text[]`,
      [categoryCode, itemKeys],
    );
    return row?.n ?? 0;
  }
}
