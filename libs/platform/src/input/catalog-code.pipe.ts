import type { PipeTransform } from '@nestjs/common';
import { BadUserInputError } from '../errors/domain-error';
import { isCatalogCode } from './catalog-code';

/**
 * Validates a catalog code argument (a purpose, a category) at the edge, naming the argument:
 * anything else is refused before it is looked up, and never quoted back in a message.
 */
export class CatalogCodePipe implements PipeTransform<unknown, string> {
  constructor(private readonly argument: string) {}

  transform(value: unknown): string {
    if (!isCatalogCode(value)) {
      throw new BadUserInputError(`${this.argument} must be a catalog code (UPPER_SNAKE_CASE).`, [
        this.argument,
      ]);
    }
    return value;
  }
}
