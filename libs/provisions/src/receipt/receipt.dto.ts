import { CalendarDateScalar, PageArgs, Paginated, IsId } from '@daicho/platform';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { CategoryCodesField, DateField } from '../input-fields';

@ObjectType('Receipt', { description: 'Personal data received from a third party (APPI art. 30)' })
export class ReceiptModel {
  @Field(() => ID)
  id!: string;
  @Field()
  sourceName!: string;
  @Field()
  sourceAddress!: string;
  @Field()
  sourceRepresentative!: string;
  @Field({ description: 'How the source obtained the data (confirmed)' })
  howObtained!: string;
  @Field({ description: 'YYYY-MM-DD' })
  receivedOn!: string;
  @Field(() => [String])
  categoryCodes!: string[];
  @Field(() => [ID])
  subjectIds!: string[];
  @Field({ description: 'Who confirmed the source and how it obtained the data' })
  confirmedBy!: string;
  @Field({ description: 'Kept until (YYYY-MM-DD)' })
  retainUntil!: string;
  @Field()
  createdAt!: Date;
}

@ObjectType('ReceiptConnection')
export class ReceiptConnection extends Paginated(ReceiptModel, 'Receipt') {}

/** The range is checked as calendar dates by the resolver (a date in the future is allowed). */
@ArgsType()
export class ReceiptsArgs extends PageArgs {
  @Field({ nullable: true, description: 'Received on or after (YYYY-MM-DD)' })
  @IsOptional()
  @IsString()
  from?: string;
  @Field({ nullable: true, description: 'Received on or before (YYYY-MM-DD)' })
  @IsOptional()
  @IsString()
  to?: string;
}

@InputType()
export class RecordReceiptInput {
  @Field()
  @Length(1, 200)
  sourceName!: string;
  @Field()
  @Length(1, 500)
  sourceAddress!: string;
  @Field()
  @Length(1, 200)
  sourceRepresentative!: string;
  @Field()
  @Length(1, 1000)
  howObtained!: string;
  @Field(() => CalendarDateScalar, { description: 'YYYY-MM-DD, not in the future' })
  @DateField()
  receivedOn!: string;
  @Field(() => [String])
  @CategoryCodesField()
  categoryCodes!: string[];
  @Field(() => [ID], { defaultValue: [], description: 'Subjects now held from this receipt' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsId({ each: true, message: 'subjectIds must be data subject ids (UUID)' })
  subjectIds: string[] = [];
  @Field({ nullable: true, description: 'Who confirmed; you, when left out' })
  @IsOptional()
  @Length(1, 200)
  confirmedBy?: string;
  @Field(() => Int, { defaultValue: 3, description: 'Years the record is kept (3, or 1)' })
  @IsInt()
  @Min(1)
  @Max(10)
  recordRetentionYears = 3;
}

export interface ReceiptRow {
  id: string;
  source_name: string;
  source_address: string;
  source_representative: string;
  how_obtained: string;
  received_on: string;
  category_codes: string[];
  subject_ids: string[];
  confirmed_by: string;
  retain_until: string;
  created_at: Date;
}

export const toReceiptModel = (r: ReceiptRow): ReceiptModel => ({
  id: r.id,
  sourceName: r.source_name,
  sourceAddress: r.source_address,
  sourceRepresentative: r.source_representative,
  howObtained: r.how_obtained,
  receivedOn: r.received_on,
  categoryCodes: r.category_codes,
  subjectIds: r.subject_ids,
  confirmedBy: r.confirmed_by,
  retainUntil: r.retain_until,
  createdAt: r.created_at,
});

export const RECEIPT_SELECT = `id, source_name, source_address, source_representative, how_obtained,
  received_on::text AS received_on, category_codes, subject_ids::text[] AS subject_ids, confirmed_by,
  retain_until::text AS retain_until, created_at`;
