import type { DataSource, EntityManager } from 'typeorm';

/**
 * The one transaction helper: runs `work` in a READ COMMITTED transaction and commits only when it
 * resolves, so a failed use case leaves nothing half-written.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction('READ COMMITTED', work);
}
