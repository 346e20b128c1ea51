import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import {
  IsCatalogCode,
  IsItemKey,
  PageArgs,
  Paginated,
  PastDateTime,
  IsId,
} from '@daicho/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsEnum,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { RetentionTrigger } from '@daicho/inventory';
import type { PersonalRecordEntity } from './personal-record.entity';
import type { RecordTexts } from './record-texts';

@InputType()
export class RecordValueInput {
  @Field()
  @IsItemKey('key')
  key!: string;

  @Field()
  @IsString()
  @Length(1, 10_000)
  value!: string;
}

@InputType()
export class CreateRecordInput {
  @Field()
  @IsCatalogCode('categoryCode', { example: 'EMPLOYEE' })
  categoryCode!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'An existing subject; leave out to register a new one',
  })
  @IsOptional()
  @IsId()
  subjectId?: string;

  @Field(() => [RecordValueInput])
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RecordValueInput)
  values!: RecordValueInput[];

  @Field({ description: 'When the data was collected' })
  @IsDate()
  @PastDateTime()
  collectedAt!: Date;

  @Field({ description: 'Where it came from, e.g. "web form", "application documents"' })
  @IsString()
  @Length(1, 200)
  source!: string;

  @Field({
    nullable: true,
    description: 'Reference to the consent on record, when the category needs consent',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  consentRef?: string;
}

@ObjectType('RecordValue')
export class RecordValueModel {
  @Field()
  key!: string;
  @Field()
  value!: string;
}

@ObjectType('PersonalRecord', {
  description: 'A personal record; values only as the role and purpose allow',
})
export class PersonalRecordModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  subjectId!: string;
  @Field()
  categoryCode!: string;
  @Field()
  status!: string;
  @Field()
  collectedAt!: Date;
  @Field(() => String, {
    nullable: true,
    description:
      'Where it came from (sealed at rest; erased with the person). A change answers only the texts it sent; read the others with record(id, purpose)',
  })
  source!: string | null;
  @Field(() => String, { nullable: true, description: 'The consent it rests on (sealed at rest)' })
  consentRef!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was disposed of (sealed at rest)' })
  disposalReason!: string | null;
  @Field(() => Date, { nullable: true })
  retentionDueAt!: Date | null;
  @Field(() => [String], { description: 'Items that hold a value' })
  itemKeys!: string[];
  @Field(() => [RecordValueModel], {
    description: 'Only the items the role may see for the purpose',
  })
  values!: RecordValueModel[];
  @Field(() => [String], {
    description: 'Items held that your role may not see for this purpose (names only; recorded)',
  })
  withheldItems!: string[];
}

export function toRecordModel(
  { record, texts }: { record: PersonalRecordEntity; texts: RecordTexts },
  values: Record<string, string> = {},
  withheld: string[] = [],
): PersonalRecordModel {
  return {
    id: record.id,
    subjectId: record.subjectId,
    categoryCode: record.categoryCode,
    status: record.status,
    collectedAt: record.collectedAt,
    source: texts.source,
    consentRef: texts.consentRef,
    disposalReason: texts.disposalReason,
    retentionDueAt: record.retentionDueAt,
    itemKeys: record.itemKeys,
    values: Object.entries(values).map(([key, value]) => ({ key, value })),
    withheldItems: withheld,
  };
}

@InputType()
export class RecordEventInput {
  @Field(() => ID)
  @IsId()
  recordId!: string;

  @Field(() => RetentionTrigger, { description: "The event the category's retention runs from" })
  @IsEnum(RetentionTrigger)
  event!: RetentionTrigger;

  @Field()
  @IsDate()
  @PastDateTime()
  occurredAt!: Date;
}

@InputType()
export class RecordsFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId({ message: 'subjectId must be a data subject id (UUID)' })
  subjectId?: string;

  @Field({ nullable: true, description: 'Collected at or after' })
  @IsOptional()
  @IsDate()
  collectedFrom?: Date;

  @Field({ nullable: true, description: 'Collected before' })
  @IsOptional()
  @IsDate()
  collectedTo?: Date;

  @Field({ nullable: true, description: 'Retention ends before' })
  @IsOptional()
  @IsDate()
  retentionDueBefore?: Date;
}

@ArgsType()
export class RecordsArgs extends PageArgs {
  @Field()
  @IsCatalogCode('categoryCode', { example: 'EMPLOYEE' })
  categoryCode!: string;

  @Field({ description: 'Why you read them: one of the category’s purposes your role may use' })
  @IsCatalogCode('purpose', { example: 'PERSONNEL_ADMIN' })
  purpose!: string;

  @Field(() => RecordsFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecordsFilterInput)
  filter?: RecordsFilterInput;
}

@ObjectType('PersonalRecordConnection')
export class PersonalRecordConnection extends Paginated(PersonalRecordModel, 'PersonalRecord') {}

@InputType()
export class UpdateRecordInput {
  @Field(() => [RecordValueInput], { description: 'The items to change, with their new values' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RecordValueInput)
  values!: RecordValueInput[];
}
