import { applyDecorators } from '@nestjs/common';
import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { Lang } from '@daicho/platform';

/** Catalog text in both languages the company works in; exports pick one (`lang`). */
export type Localized = Record<Lang, string>;

@ObjectType('LocalizedText')
export class LocalizedTextModel implements Localized {
  @Field()
  ja!: string;

  @Field()
  en!: string;
}

@InputType()
export class LocalizedTextInput implements Localized {
  @Field()
  @IsString()
  @MaxLength(2000)
  ja!: string;

  @Field()
  @IsString()
  @MaxLength(2000)
  en!: string;
}

/** A bilingual input field, validated as a whole; `optional` for the fields of a change. */
export function LocalizedTextField(options: { optional?: boolean; description?: string } = {}) {
  const field = Field(() => LocalizedTextInput, {
    nullable: options.optional ?? false,
    description: options.description,
  });
  const nested = [ValidateNested(), Type(() => LocalizedTextInput)];
  return options.optional
    ? applyDecorators(field, IsOptional(), ...nested)
    : applyDecorators(field, ...nested);
}
