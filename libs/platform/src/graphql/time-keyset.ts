import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeTimeCursor, timeKey } from './pagination';

/**
 * Orders a query by (time column, id), limits it to one page and one row more (which only says
 * a next page exists), and continues after the page's cursor: the keyset every list ordered by
 * a time uses. `order` ASC lists oldest first, DESC newest first.
 */
export function byTimeKeyset<Q extends SelectQueryBuilder<ObjectLiteral>>(
  query: Q,
  key: { column: string; id: string; order: 'ASC' | 'DESC' },
  page: { first: number; after?: string },
): Q {
  const cursor = page.after ? decodeTimeCursor(page.after) : null;
  query
    .orderBy(timeKey(key.column), key.order)
    .addOrderBy(key.id, key.order)
    .limit(page.first + 1);
  if (cursor) {
    const beyond = key.order === 'ASC' ? '>' : '<';
    query.andWhere(
      `(${timeKey(key.column)}, ${key.id}) ${beyond} (CAST(:keysetAt AS timestamptz), CAST(:keysetId AS uuid))`,
      { keysetAt: cursor.at, keysetId: cursor.id },
    );
  }
  return query;
}
