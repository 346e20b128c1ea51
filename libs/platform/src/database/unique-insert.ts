import { QueryFailedError } from 'typeorm';
import type { DomainError } from '../errors/domain-error';

/**
 * An insert whose key another transaction may take between the caller's check and the write:
 * the unique index decides, and its violation (23505) answers as the caller's domain error
 * (CONFLICT) instead of an internal error. The transaction is lost either way; only the answer
 * changes.
 */
export async function insertUnique<T>(
  insert: () => Promise<T>,
  taken: () => DomainError,
): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (
      error instanceof QueryFailedError &&
      (error.driverError as { code?: string }).code === '23505'
    ) {
      throw taken();
    }
    throw error;
  }
}
