import { CalendarDateScalar, IsCatalogCode, IsId } from '@daicho/platform';
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { EndHandling, HandOffMethod, ReviewResult } from '../provision-enums';
import { DateField, ItemKeysField } from '../input-fields';

@ObjectType('EntrustmentScope')
export class EntrustmentScopeModel {
  @Field()
  categoryCode!: string;
  @Field(() => [String])
  items!: string[];
}

@InputType()
export class EntrustmentScopeInput {
  @Field()
  @IsCatalogCode('categoryCode', { example: 'EMPLOYEE' })
  categoryCode!: string;
  @Field(() => [String])
  @ItemKeysField()
  items!: string[];
}

@ObjectType('SupervisionReview')
export class SupervisionReviewModel {
  @Field(() => ID)
  id!: string;
  @Field()
  reviewedOn!: string;
  @Field()
  reviewer!: string;
  @Field(() => ReviewResult)
  result!: ReviewResult;
  @Field()
  findings!: string;
  @Field()
  nextDueOn!: string;
}

@ObjectType('EntrustmentContract', {
  description: 'A contract entrusting data to a contractor (APPI art. 25), and its supervision',
})
export class EntrustmentContractModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  contractorId!: string;
  @Field()
  contractorName!: string;
  @Field()
  title!: string;
  @Field(() => [EntrustmentScopeModel])
  scope!: EntrustmentScopeModel[];
  @Field()
  confidentialityClause!: string;
  @Field()
  securityClause!: string;
  @Field()
  startsOn!: string;
  @Field()
  endsOn!: string;
  @Field(() => EndHandling, { description: 'What happens to the data at the end' })
  endHandling!: EndHandling;
  @Field(() => Int)
  reviewIntervalMonths!: number;
  @Field(() => String, { nullable: true })
  endedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'How the return or deletion was confirmed' })
  endConfirmation!: string | null;
  @Field({ description: 'When the next supervision review is due (YYYY-MM-DD)' })
  reviewDueOn!: string;
  @Field(() => [SupervisionReviewModel])
  reviews!: SupervisionReviewModel[];
}

@InputType()
export class CreateEntrustmentContractInput {
  @Field(() => ID)
  @IsId({ message: 'contractorId must be a party id (UUID)' })
  contractorId!: string;
  @Field()
  @Length(1, 200)
  title!: string;
  @Field(() => [EntrustmentScopeInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EntrustmentScopeInput)
  scope!: EntrustmentScopeInput[];
  @Field()
  @Length(1, 2000)
  confidentialityClause!: string;
  @Field()
  @Length(1, 2000)
  securityClause!: string;
  @Field(() => CalendarDateScalar)
  @DateField()
  startsOn!: string;
  @Field(() => CalendarDateScalar)
  @DateField()
  endsOn!: string;
  @Field(() => EndHandling)
  @IsEnum(EndHandling)
  endHandling!: EndHandling;
  @Field(() => Int, { defaultValue: 12 })
  @IsInt()
  @Min(1)
  @Max(36)
  reviewIntervalMonths = 12;
}

@InputType()
export class RecordSupervisionReviewInput {
  @Field(() => ID)
  @IsId({ message: 'contractId must be a contract id (UUID)' })
  contractId!: string;
  @Field(() => CalendarDateScalar)
  @DateField()
  reviewedOn!: string;
  @Field()
  @Length(1, 200)
  reviewer!: string;
  @Field(() => ReviewResult)
  @IsEnum(ReviewResult)
  result!: ReviewResult;
  @Field()
  @Length(1, 2000)
  findings!: string;
  @Field(() => CalendarDateScalar, {
    nullable: true,
    description: "Next review; the contract's interval when left out",
  })
  @IsOptional()
  @DateField()
  nextDueOn?: string;
}

@InputType()
export class EndEntrustmentContractInput {
  @Field(() => ID)
  @IsId({ message: 'contractId must be a contract id (UUID)' })
  contractId!: string;
  @Field(() => CalendarDateScalar)
  @DateField()
  endedOn!: string;
  @Field({ description: 'How the return or deletion was confirmed (e.g. deletion certificate)' })
  @Length(1, 2000)
  confirmation!: string;
}

@InputType()
export class RecordEntrustmentInput {
  @Field(() => ID)
  @IsId({ message: 'contractId must be a contract id (UUID)' })
  contractId!: string;
  @Field()
  @IsCatalogCode('categoryCode', { example: 'EMPLOYEE' })
  categoryCode!: string;
  @Field(() => [String])
  @ItemKeysField()
  items!: string[];
  @Field(() => [ID])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsId({ each: true, message: 'subjectIds must be data subject ids (UUID)' })
  subjectIds!: string[];
  @Field(() => CalendarDateScalar)
  @DateField()
  handedOn!: string;
  @Field(() => HandOffMethod)
  @IsEnum(HandOffMethod)
  method!: HandOffMethod;
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  personInCharge?: string;
}

@ObjectType('Entrustment', { description: 'Data handed to a contractor under a contract' })
export class EntrustmentModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  contractId!: string;
  @Field()
  categoryCode!: string;
  @Field(() => [String])
  items!: string[];
  @Field()
  handedOn!: string;
  @Field(() => HandOffMethod)
  method!: HandOffMethod;
  @Field()
  personInCharge!: string;
  @Field(() => Int)
  subjects!: number;
}

@ObjectType('SupervisionDue', { description: 'A live contract whose supervision review is due' })
export class SupervisionDueModel {
  @Field(() => ID)
  contractId!: string;
  @Field()
  contractorName!: string;
  @Field()
  title!: string;
  @Field()
  dueOn!: string;
  @Field(() => String, { nullable: true })
  lastReviewedOn!: string | null;
  @Field({ description: 'Due before today (in Japan)' })
  overdue!: boolean;
}
