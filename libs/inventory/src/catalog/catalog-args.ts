import { Injectable, type PipeTransform } from '@nestjs/common';
import { ArgsType, Field } from '@nestjs/graphql';
import { BadUserInputError } from '@daicho/platform';
import { IsString, Length, Matches } from 'class-validator';
import { CODE_PATTERN } from './catalog-inputs';

@ArgsType()
export class CodeAndNoteArgs {
  @Field()
  @Matches(CODE_PATTERN, { message: 'code must be UPPER_SNAKE_CASE' })
  code!: string;

  @Field({ description: 'Why, for the history' })
  @IsString()
  @Length(1, 2000)
  note!: string;
}

@ArgsType()
export class CodeArgs {
  @Field()
  @Matches(CODE_PATTERN, { message: 'code must be UPPER_SNAKE_CASE' })
  code!: string;
}

/** For a `code` argument beside an `input` (an @ArgsType would reject the other argument). */
@Injectable()
export class CatalogCodePipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !CODE_PATTERN.test(value)) {
      throw new BadUserInputError('code must be UPPER_SNAKE_CASE, 2–64 characters.', ['code']);
    }
    return value;
  }
}
