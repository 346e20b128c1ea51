import { BadUserInputError } from '../errors/domain-error';

/**
 * GraphQL lets a client send null for any optional field, and class-validator's IsOptional lets
 * it through. Null is no value: where the field may be left out, null means the same.
 */
export function isGiven<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/**
 * Refuses a change that sets a field to null unless `mayClear` says that field may be emptied
 * (a remark): elsewhere null once reached a NOT NULL column as a 500. Leaving a field out keeps it.
 */
export function refuseNulls(
  changes: object,
  mayClear: (field: string) => boolean = () => false,
): void {
  const nulls = Object.entries(changes)
    .filter(([field, value]) => value === null && !mayClear(field))
    .map(([field]) => field);
  if (nulls.length) {
    throw new BadUserInputError(
      `${nulls.join(', ')} cannot be null: leave a field out to keep it as it is.`,
      nulls,
    );
  }
}
