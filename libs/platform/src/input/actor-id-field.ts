import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { isUuid } from './id-field';

/**
 * A CLI operator as the ledger names them: `cli:<OS user>@<host>`, each part cut to
 * [A-Za-z0-9_-] and 64 characters by the CLI (apps/cli/src/cli-operator.ts).
 */
export const CLI_OPERATOR_PATTERN = /^cli:[A-Za-z0-9_-]{1,64}@[A-Za-z0-9_-]{1,64}$/;

/** Whether a value names a CLI operator in the ledger's form. */
export const isCliOperator = (value: unknown): value is string =>
  typeof value === 'string' && CLI_OPERATOR_PATTERN.test(value);

/**
 * An actor the ledger names, inside an input object: a user's or API key's id (a UUID, lower-cased
 * as IsId keeps it) or a CLI operator (`cli:<OS user>@<host>`, as written).
 */
export function IsActorId(message: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (isUuid(value) ? value.toLowerCase() : value)),
    ValidateBy({
      name: 'isActorId',
      validator: {
        validate: (value: unknown) => isUuid(value) || isCliOperator(value),
        defaultMessage: () => message,
      },
    }),
  );
}
