import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsOptional, Matches } from 'class-validator';
import { IsCatalogCode } from '@daicho/platform';
import { RecipientKind } from '../catalog/catalog-enums';
import { VersionedUpdate } from '../catalog/catalog-inputs';
import {
  LocalizedTextField,
  LocalizedTextInput,
  LocalizedTextModel,
} from '../catalog/localized-text';
import type { RecipientEntity } from './recipient.entity';

const COUNTRY = /^[A-Z]{2}$/;
const CountryField = () =>
  Matches(COUNTRY, { message: 'country must be an ISO 3166-1 code such as JP' });

@ObjectType('Recipient', {
  description: 'A contractor data is entrusted to, or a third party it is provided to',
})
export class RecipientModel {
  @Field()
  code!: string;
  @Field(() => LocalizedTextModel)
  name!: LocalizedTextModel;
  @Field(() => RecipientKind)
  kind!: RecipientKind;
  @Field(() => LocalizedTextModel)
  recipientType!: LocalizedTextModel;
  @Field()
  country!: string;
  @Field({ description: 'Outside Japan: APPI art. 28 applies' })
  abroad!: boolean;
  @Field(() => LocalizedTextModel, {
    description: "The policy's rule for what goes there, how and why",
  })
  provisionRule!: LocalizedTextModel;
  @Field(() => Int)
  version!: number;
  @Field(() => Date, { nullable: true })
  retiredAt!: Date | null;
}

export const toRecipientModel = (r: RecipientEntity): RecipientModel => ({
  code: r.code,
  name: r.name,
  kind: r.kind,
  recipientType: r.recipientType,
  country: r.country,
  abroad: r.country !== 'JP',
  provisionRule: r.provisionRule,
  version: r.version,
  retiredAt: r.retiredAt,
});

@InputType()
export class CreateRecipientInput {
  @Field()
  @IsCatalogCode()
  code!: string;

  @LocalizedTextField()
  name!: LocalizedTextInput;

  @Field(() => RecipientKind)
  @IsEnum(RecipientKind)
  kind!: RecipientKind;

  @LocalizedTextField()
  recipientType!: LocalizedTextInput;

  @Field({ defaultValue: 'JP' })
  @CountryField()
  country: string = 'JP';

  @LocalizedTextField()
  provisionRule!: LocalizedTextInput;
}

@InputType()
export class UpdateRecipientInput extends VersionedUpdate {
  @LocalizedTextField({ optional: true })
  name?: LocalizedTextInput;

  @LocalizedTextField({ optional: true })
  recipientType?: LocalizedTextInput;

  @Field({ nullable: true })
  @IsOptional()
  @CountryField()
  country?: string;

  @LocalizedTextField({ optional: true })
  provisionRule?: LocalizedTextInput;
}
