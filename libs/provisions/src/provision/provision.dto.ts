import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { CalendarDateScalar, IsCatalogCode, PageArgs, Paginated, IsId } from '@daicho/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsOptional,
  Length,
  ValidateNested,
} from 'class-validator';
import { HandOffMethod, ProvisionRoute, ProvisionStatus } from '../provision-enums';
import { DateField, ItemKeysField } from '../input-fields';

@ObjectType('ProvisionRecipient', { description: 'The recipient as it was at the hand-off' })
export class ProvisionRecipientModel {
  @Field()
  name!: string;
  @Field()
  address!: string;
  @Field()
  representative!: string;
  @Field()
  country!: string;
  @Field()
  abroad!: boolean;
}

@ObjectType('HandOff', { description: 'One hand-over of the data: when, how, by whom, whose' })
export class HandOffModel {
  @Field(() => ID)
  id!: string;
  @Field({ description: 'YYYY-MM-DD' })
  handedOn!: string;
  @Field(() => HandOffMethod)
  method!: HandOffMethod;
  @Field()
  personInCharge!: string;
  @Field(() => [ID], { description: 'Pseudonymous subject ids' })
  subjectIds!: string[];
}

@ObjectType('ProvisionApproval')
export class ProvisionApprovalModel {
  @Field()
  decision!: string;
  @Field()
  note!: string;
  @Field()
  decidedBy!: string;
  @Field()
  decidedAt!: Date;
}

@ObjectType('Provision', {
  description: 'A provision to a third party (the APPI art. 29 record when consent-based)',
})
export class ProvisionModel {
  @Field(() => ID)
  id!: string;
  @Field()
  ruleCode!: string;
  @Field(() => ID)
  partyId!: string;
  @Field(() => ProvisionRoute)
  route!: ProvisionRoute;
  @Field({ description: 'Whether APPI art. 29 requires this record (consent route)' })
  art29Required!: boolean;
  @Field(() => ProvisionStatus)
  status!: ProvisionStatus;
  @Field(() => ProvisionRecipientModel)
  recipient!: ProvisionRecipientModel;
  @Field(() => [String])
  categoryCodes!: string[];
  @Field(() => [String])
  items!: string[];
  @Field()
  purposeAtRecipient!: string;
  @Field({ description: 'Recorded collectively for repeated hand-offs (PPC Rules art. 19(2))' })
  collective!: boolean;
  @Field(() => ID, { nullable: true, description: 'The record this one corrects' })
  correctsId!: string | null;
  @Field(() => String, { nullable: true })
  correctionNote!: string | null;
  @Field({ description: 'Kept until (YYYY-MM-DD)' })
  retainUntil!: string;
  @Field()
  createdBy!: string;
  @Field()
  createdAt!: Date;
  @Field(() => [HandOffModel])
  handOffs!: HandOffModel[];
  @Field(() => ProvisionApprovalModel, { nullable: true })
  approval!: ProvisionApprovalModel | null;
}

@InputType()
export class HandOffInput {
  @Field(() => [ID])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsId({ each: true, message: 'subjectIds must be data subject ids (UUID)' })
  subjectIds!: string[];

  @Field(() => CalendarDateScalar, { description: 'YYYY-MM-DD, not in the future' })
  @DateField()
  handedOn!: string;

  @Field(() => HandOffMethod)
  @IsEnum(HandOffMethod)
  method!: HandOffMethod;

  @Field({ nullable: true, description: 'Who handed it over; you, when left out' })
  @IsOptional()
  @Length(1, 200)
  personInCharge?: string;
}

@InputType()
export class RecordProvisionInput {
  @Field()
  @IsCatalogCode('ruleCode', { example: 'EMPLOYEE_ENTRANCE_APPROVAL' })
  ruleCode!: string;

  @Field(() => ID)
  @IsId({ message: 'partyId must be a party id (UUID)' })
  partyId!: string;

  @Field(() => [String], { description: 'Items handed over: within the rule' })
  @ItemKeysField()
  items!: string[];

  @Field(() => HandOffInput)
  @ValidateNested()
  @Type(() => HandOffInput)
  handOff!: HandOffInput;

  @Field({ nullable: true, description: "Purpose at the recipient; the rule's, when left out" })
  @IsOptional()
  @Length(1, 500)
  purposeAtRecipient?: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'One record for repeated hand-offs under this rule',
  })
  @IsBoolean()
  collective = false;

  @Field(() => ID, { nullable: true, description: 'The record this one corrects' })
  @IsOptional()
  @IsId({ message: 'correctsId must be a provision id (UUID)' })
  correctsId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 2000)
  correctionNote?: string;
}

@InputType()
export class DecideProvisionInput {
  @Field(() => ID)
  @IsId({ message: 'provisionId must be a provision id (UUID)' })
  provisionId!: string;

  @Field({ description: 'APPROVED or REJECTED' })
  @IsIn(['APPROVED', 'REJECTED'], { message: 'decision must be APPROVED or REJECTED' })
  decision!: 'APPROVED' | 'REJECTED';

  @Field({ description: 'The legal ground checked (e.g. the statute and the request received)' })
  @Length(1, 2000)
  note!: string;
}

@ArgsType()
export class ProvisionsArgs extends PageArgs {
  @Field(() => CalendarDateScalar, {
    nullable: true,
    description: 'Hand-offs on or after (YYYY-MM-DD)',
  })
  @IsOptional()
  @DateField()
  from?: string;

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description: 'Hand-offs on or before (YYYY-MM-DD)',
  })
  @IsOptional()
  @DateField()
  to?: string;
}

/** The same shape as every other list: edges { node cursor } and pageInfo. */
@ObjectType('ProvisionConnection')
export class ProvisionConnection extends Paginated(ProvisionModel, 'Provision') {}
