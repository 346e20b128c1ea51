import type { PipeTransform } from '@nestjs/common';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { BadUserInputError } from '../errors/domain-error';
import { problemWithPastInstant } from './dates';

/**
 * For the time of something that already happened (collectedAt, occurredAt, givenAt…): not more
 * than a small clock skew ahead of now, not before 1970. The DateTime scalar has already checked
 * the form; this checks the sense, so a record cannot be dated 2099 to postpone its retention.
 */
export function PastDateTime(): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'pastDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) =>
          value === undefined ||
          value === null ||
          (value instanceof Date && problemWithPastInstant(value) === null),
        defaultMessage: (args?: ValidationArguments) => {
          const value = args?.value as unknown;
          const problem = value instanceof Date ? problemWithPastInstant(value) : null;
          return `${args?.property ?? 'the date'} ${problem ?? 'must be a date-time'}`;
        },
      },
    });
  };
}

/** The same rule for a date-time passed as a plain argument (`@Args('withdrawnAt', pipe)`). */
export class PastDateTimePipe implements PipeTransform<unknown, unknown> {
  constructor(private readonly argument: string) {}

  transform(value: unknown): unknown {
    if (value instanceof Date) {
      const problem = problemWithPastInstant(value);
      if (problem) throw new BadUserInputError(`${this.argument} ${problem}.`, [this.argument]);
    }
    return value;
  }
}
