import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsCatalogCode, PageArgs, Paginated } from '@daicho/platform';
import { IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { PartyKind } from '../provision-enums';

@ObjectType('Party', {
  description: 'A third party data is provided to, or a contractor it is entrusted to',
})
export class PartyModel {
  @Field(() => ID)
  id!: string;
  @Field(() => PartyKind)
  kind!: PartyKind;
  @Field()
  name!: string;
  @Field()
  address!: string;
  @Field()
  representative!: string;
  @Field({ description: 'ISO 3166-1 alpha-2' })
  country!: string;
  @Field({ description: 'Outside Japan: APPI art. 28 applies' })
  abroad!: boolean;
  @Field({ description: 'e.g. "system company of a client"' })
  partyType!: string;
  @Field(() => String, { nullable: true, description: "The catalog's recipient it is one of" })
  recipientCode!: string | null;
}

@ObjectType('PartyConnection')
export class PartyConnection extends Paginated(PartyModel, 'Party') {}

@ArgsType()
export class PartiesArgs extends PageArgs {
  @Field(() => PartyKind, { nullable: true })
  @IsOptional()
  @IsEnum(PartyKind)
  kind?: PartyKind;
}

@InputType()
export class CreatePartyInput {
  @Field(() => PartyKind)
  @IsEnum(PartyKind)
  kind!: PartyKind;
  @Field()
  @Length(1, 200)
  name!: string;
  @Field()
  @Length(1, 500)
  address!: string;
  @Field()
  @Length(1, 200)
  representative!: string;
  @Field()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 code such as JP' })
  country!: string;
  @Field()
  @Length(1, 200)
  partyType!: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsCatalogCode('recipientCode', { example: 'BUILDING_MANAGEMENT' })
  recipientCode?: string;
}

export interface PartyRow {
  id: string;
  kind: PartyKind;
  name: string;
  address: string;
  representative: string;
  country: string;
  abroad: boolean;
  party_type: string;
  recipient_code: string | null;
}

export const toPartyModel = (r: PartyRow): PartyModel => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  address: r.address,
  representative: r.representative,
  country: r.country,
  abroad: r.abroad,
  partyType: r.party_type,
  recipientCode: r.recipient_code,
});
