import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsCatalogCode, PageArgs, Paginated, IsId } from '@daicho/platform';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';

@InputType()
export class RecordRegisterFilter {
  @Field({ nullable: true })
  @IsOptional()
  @IsCatalogCode('categoryCode', { example: 'EMPLOYEE' })
  categoryCode?: string;

  @Field({ nullable: true, description: 'ACTIVE or DISPOSED' })
  @IsOptional()
  @IsIn(['ACTIVE', 'DISPOSED'], { message: 'status must be ACTIVE or DISPOSED' })
  status?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId({ message: 'subjectId must be a data subject id (UUID)' })
  subjectId?: string;
}

@ArgsType()
export class RecordRegisterArgs extends PageArgs {
  @Field(() => RecordRegisterFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecordRegisterFilter)
  filter?: RecordRegisterFilter;
}

@ObjectType('RecordMetadata', {
  description: 'What is held about whom, in which category, until when — never the values',
})
export class RecordMetadataModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  subjectId!: string;
  @Field()
  categoryCode!: string;
  @Field()
  status!: string;
  @Field(() => [String], { description: 'Items that hold a value (names only)' })
  itemKeys!: string[];
  @Field()
  collectedAt!: Date;
  @Field({
    description: 'Whether where it came from is on record (the text: record(), for a purpose)',
  })
  hasSource!: boolean;
  @Field({ description: 'Whether a consent reference is on record' })
  hasConsentRef!: boolean;
  @Field({ description: 'Whether a reason for its disposal is on record' })
  hasDisposalReason!: boolean;
  @Field(() => Date, { nullable: true })
  retentionDueAt!: Date | null;
  @Field(() => Date, { nullable: true })
  disposedAt!: Date | null;
  @Field()
  createdAt!: Date;
}

@ObjectType('RecordMetadataConnection')
export class RecordMetadataConnection extends Paginated(RecordMetadataModel, 'RecordMetadata') {}

@ObjectType('RecordCount', { description: 'How many records of a category are in a status' })
export class RecordCountModel {
  @Field()
  categoryCode!: string;
  @Field()
  status!: string;
  @Field(() => Int)
  records!: number;
}
