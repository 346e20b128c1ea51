import { ArgsType, Field, Float, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCatalogCode, PageArgs, IsId } from '@daicho/platform';
import { LedgerAction } from './ledger-action.enum';
import { LEDGER_OUTCOMES } from '../entry/ledger-entry';

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
  @IsId()
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

/** `first` (1–100, default 50) and `after` (endCursor of the previous page), with a filter. */
@ArgsType()
export class LedgerEntriesArgs extends PageArgs {
  @Field(() => LedgerEntryFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LedgerEntryFilter)
  filter?: LedgerEntryFilter;
}

@ArgsType()
export class LedgerCheckpointsArgs extends PageArgs {}

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
