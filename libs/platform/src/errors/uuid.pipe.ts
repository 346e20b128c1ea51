import type { PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { BadUserInputError } from './domain-error';

/** Validates an id argument before it reaches SQL, naming the argument when it is malformed. */
export class UuidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly argument: string = 'id') {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUUID(value)) {
      throw new BadUserInputError(`${this.argument} must be a UUID.`, [this.argument]);
    }
    return value.toLowerCase();
  }
}
