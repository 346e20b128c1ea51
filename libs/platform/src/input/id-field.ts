import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID, type ValidationOptions } from 'class-validator';

/** A UUID as the database writes one, in either case (ids are compared lower-cased). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is a UUID: the one test of ids the server did not parse with IsId or UuidPipe. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID_PATTERN.test(value);

const lowered = (value: unknown): unknown =>
  typeof value === 'string'
    ? value.toLowerCase()
    : Array.isArray(value)
      ? value.map(lowered)
      : value;

/**
 * An id inside an input object (one, or a list with `each`): a UUID, in lower case as the
 * database writes it, as UuidPipe keeps an id argument. An upper-case id passed validation and
 * then missed in-memory look-ups, advisory lock keys and ledger target ids that compare text (a
 * decision committed, then a 500).
 */
export function IsId(options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => lowered(value)),
    IsUUID('all', options),
  );
}
