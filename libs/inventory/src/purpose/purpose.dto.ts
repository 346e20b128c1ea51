import { Field, InputType, ObjectType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { CodeField, VersionedUpdate } from '../catalog/catalog-inputs';
import { LocalizedTextInput, LocalizedTextModel } from '../catalog/localized-text';
import type { PurposeEntity } from './purpose.entity';

@ObjectType('Purpose', {
  description: 'A purpose of use (利用目的) and the policy clause it comes from',
})
export class PurposeModel {
  @Field()
  code!: string;
  @Field(() => LocalizedTextModel)
  name!: LocalizedTextModel;
  @Field(() => LocalizedTextModel)
  description!: LocalizedTextModel;
  @Field()
  policyClause!: string;
  @Field(() => Int)
  version!: number;
  @Field(() => Date, { nullable: true })
  retiredAt!: Date | null;
}

export const toPurposeModel = (p: PurposeEntity): PurposeModel => ({
  code: p.code,
  name: p.name,
  description: p.description,
  policyClause: p.policyClause,
  version: p.version,
  retiredAt: p.retiredAt,
});

@InputType()
export class CreatePurposeInput {
  @Field()
  @CodeField()
  code!: string;

  @Field(() => LocalizedTextInput)
  @ValidateNested()
  @Type(() => LocalizedTextInput)
  name!: LocalizedTextInput;

  @Field(() => LocalizedTextInput)
  @ValidateNested()
  @Type(() => LocalizedTextInput)
  description!: LocalizedTextInput;

  @Field({ description: 'e.g. "§2.1 Employees"' })
  @IsString()
  @Length(1, 100)
  policyClause!: string;
}

@InputType()
export class UpdatePurposeInput extends VersionedUpdate {
  @Field(() => LocalizedTextInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedTextInput)
  name?: LocalizedTextInput;

  @Field(() => LocalizedTextInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedTextInput)
  description?: LocalizedTextInput;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  policyClause?: string;
}
