import { BadUserInputError, ConflictError, NotFoundError, insertUnique } from '@daicho/platform';

export function notFound(kind: string, code: string): NotFoundError {
  return new NotFoundError(`There is no ${kind} with code ${code}.`);
}

export function unknownCodes(field: string, kind: string, codes: string[]): BadUserInputError {
  return new BadUserInputError(
    `${field} refers to ${kind} that do not exist or are retired: ${codes.join(', ')}.`,
    [field],
  );
}

export function staleVersion(kind: string, code: string, expected: number, actual: number) {
  return new ConflictError(
    `${kind} ${code} is at version ${actual}, not ${expected}: someone changed it meanwhile; reload and try again.`,
  );
}

/** A concurrent insert of the same code surfaces as a unique violation: answer CONFLICT. */
export function insertOnce<T>(kind: string, code: string, insert: () => Promise<T>): Promise<T> {
  return insertUnique(
    insert,
    () => new ConflictError(`A ${kind} with code ${code} already exists.`),
  );
}
