import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsCatalogCode, PageArgs, Paginated, IsId } from '@daicho/platform';
import { ProposalStatus } from '../catalog/catalog-enums';
import { DataCategoryChanges } from '../category/dto/category.inputs';
import type { CategoryChangeProposalEntity } from './proposal.entity';

@ObjectType('CategoryChangeProposal')
export class CategoryChangeProposalModel {
  @Field(() => ID)
  id!: string;
  @Field()
  categoryCode!: string;
  @Field(() => Int, { description: 'The category version the proposal was made against' })
  baseVersion!: number;
  @Field({ description: 'The proposed changes, as JSON' })
  changes!: string;
  @Field()
  reason!: string;
  @Field(() => ProposalStatus)
  status!: ProposalStatus;
  @Field()
  proposedBy!: string;
  @Field()
  proposedAt!: Date;
  @Field(() => String, { nullable: true })
  decidedBy!: string | null;
  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;
  @Field(() => String, { nullable: true })
  decisionNote!: string | null;
}

@ObjectType('CategoryChangeProposalConnection')
export class CategoryChangeProposalConnection extends Paginated(
  CategoryChangeProposalModel,
  'CategoryChangeProposal',
) {}

export const toProposalModel = (p: CategoryChangeProposalEntity): CategoryChangeProposalModel => ({
  ...p,
  changes: JSON.stringify(p.changes),
});

@InputType()
export class ProposeCategoryChangeInput {
  @Field()
  @IsCatalogCode()
  categoryCode!: string;

  @Field(() => DataCategoryChanges)
  @ValidateNested()
  @Type(() => DataCategoryChanges)
  changes!: DataCategoryChanges;

  @Field({ description: 'Why the department asks for it' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

@ArgsType()
export class DecideProposalArgs {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

@ArgsType()
export class ProposalsArgs extends PageArgs {
  @Field(() => ProposalStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ProposalStatus)
  status?: ProposalStatus;
}
