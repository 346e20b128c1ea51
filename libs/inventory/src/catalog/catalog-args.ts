import { Injectable, type PipeTransform } from '@nestjs/common';
import { ArgsType, Field } from '@nestjs/graphql';
import { BadUserInputError, IsCatalogCode, isCatalogCode } from '@daicho/platform';
import { IsString, Length } from 'class-validator';

@ArgsType()
export class CodeAndNoteArgs {
  @Field()
  @IsCatalogCode()
  code!: string;

  @Field({ description: 'Why, for the history' })
  @IsString()
  @Length(1, 2000)
  note!: string;
}

@ArgsType()
export class CodeArgs {
  @Field()
  @IsCatalogCode()
  code!: string;
}

/** For a `code` argument beside an `input` (an @ArgsType would reject the other argument). */
@Injectable()
export class CatalogCodePipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isCatalogCode(value)) {
      throw new BadUserInputError(
        'code must be a catalog code (UPPER_SNAKE_CASE, 2–64 characters).',
        ['code'],
      );
    }
    return value;
  }
}
