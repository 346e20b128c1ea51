import { ArgsType, Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCatalogCode } from '@daicho/platform';
import { LedgerAction } from './ledger-action.enum';
import { LEDGER_OUTCOMES } from '../entry/ledger-entry';

const MAX_PAGE = 500;

@InputType()
export class LedgerEntryFilter {
  @Field({ nullable: true, description: 'Recorded at or after' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true, description: 'Recorded before' })
  @IsOptional()
  @IsDate()
  to?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCatalogCode('categoryCode')
  categoryCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCatalogCode('purposeCode')
  purposeCode?: string;

  @Field(() => LedgerAction, { nullable: true })
  @IsOptional()
  @IsEnum(LedgerAction)
  action?: LedgerAction;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(LEDGER_OUTCOMES)
  outcome?: string;
}

@ArgsType()
export class LedgerEntriesArgs {
  @Field(() => LedgerEntryFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LedgerEntryFilter)
  filter?: LedgerEntryFilter;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  first = 50;

  @Field({ nullable: true, description: 'endCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  after?: string;
}

@ArgsType()
export class LedgerCheckpointsArgs {
  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  first = 50;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  after?: string;
}

@ArgsType()
export class ConsistencyProofArgs {
  @Field(() => Float)
  @IsInt()
  @Min(0)
  fromSize!: number;

  @Field(() => Float)
  @IsInt()
  @Min(1)
  toSize!: number;
}
