import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID, type ValidationOptions } from 'class-validator';

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
