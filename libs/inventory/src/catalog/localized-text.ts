import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

/** Catalog text in both languages the company works in; exports pick one (`lang`). */
export interface Localized {
  ja: string;
  en: string;
}

export type Lang = keyof Localized;
export const LANGS: readonly Lang[] = ['ja', 'en'];

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
