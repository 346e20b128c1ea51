import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { BadUserInputError } from './domain-error';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problem: string }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
    return own.concat(flatten(error.children ?? [], field));
  });
}

/**
 * Validates every GraphQL input with its class-validator rules. The message names each field and
 * what is wrong with it, never the value that was sent (it may be personal data or a password).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const message = problems.map((p) => p.problem).join('; ');
      return new BadUserInputError(`Invalid input: ${message}.`, [
        ...new Set(problems.map((p) => p.field)),
      ]);
    },
  });
}
