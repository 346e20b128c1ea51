import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { firstControlCharacter, TEXT_RULE } from '../input/text-rule';
import { BadUserInputError } from './domain-error';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problem: string }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
    return own.concat(flatten(error.children ?? [], field));
  });
}

/**
 * Class-validator on every input, after the one text rule on every string a route receives
 * (REST query strings and path parameters included; GraphQL variables met it in the text-rule
 * plugin already).
 */
class InputPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' || metadata.type === 'param' || metadata.type === 'body') {
      const path = firstControlCharacter(value, metadata.data ?? metadata.type);
      if (path) throw new BadUserInputError(`${path}: ${TEXT_RULE}.`, [path]);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * Validates every GraphQL input with its class-validator rules. The message names each field and
 * what is wrong with it, never the value that was sent (it may be personal data or a password).
 */
export function createValidationPipe(): ValidationPipe {
  return new InputPipe({
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
