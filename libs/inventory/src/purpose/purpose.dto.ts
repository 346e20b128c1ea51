import { Field, InputType, ObjectType, Int } from '@nestjs/graphql';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsCatalogCode } from '@daicho/platform';
import { VersionedUpdate } from '../catalog/catalog-inputs';
import {
  LocalizedTextField,
  LocalizedTextInput,
  LocalizedTextModel,
} from '../catalog/localized-text';
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
  @IsCatalogCode()
  code!: string;

  @LocalizedTextField()
  name!: LocalizedTextInput;

  @LocalizedTextField()
  description!: LocalizedTextInput;

  @Field({ description: 'e.g. "§2.1 Employees"' })
  @IsString()
  @Length(1, 100)
  policyClause!: string;
}

@InputType()
export class UpdatePurposeInput extends VersionedUpdate {
  @LocalizedTextField({ optional: true })
  name?: LocalizedTextInput;

  @LocalizedTextField({ optional: true })
  description?: LocalizedTextInput;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  policyClause?: string;
}
