import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { IsCatalogCode } from '@daicho/platform';
import { Medium } from '../catalog/catalog-enums';
import { VersionedUpdate } from '../catalog/catalog-inputs';
import {
  LocalizedTextField,
  LocalizedTextInput,
  LocalizedTextModel,
} from '../catalog/localized-text';
import type { StorageSystemEntity } from './storage-system.entity';

@ObjectType('StorageSystem', {
  description: 'Where data is kept: a system or paper file, its location and safeguards',
})
export class StorageSystemModel {
  @Field()
  code!: string;
  @Field(() => LocalizedTextModel)
  name!: LocalizedTextModel;
  @Field(() => LocalizedTextModel)
  location!: LocalizedTextModel;
  @Field(() => Medium)
  medium!: Medium;
  @Field(() => LocalizedTextModel)
  securityMeasures!: LocalizedTextModel;
  @Field(() => Int)
  version!: number;
  @Field(() => Date, { nullable: true })
  retiredAt!: Date | null;
}

export const toStorageSystemModel = (s: StorageSystemEntity): StorageSystemModel => ({
  code: s.code,
  name: s.name,
  location: s.location,
  medium: s.medium,
  securityMeasures: s.securityMeasures,
  version: s.version,
  retiredAt: s.retiredAt,
});

@InputType()
export class CreateStorageSystemInput {
  @Field()
  @IsCatalogCode()
  code!: string;

  @LocalizedTextField()
  name!: LocalizedTextInput;

  @LocalizedTextField()
  location!: LocalizedTextInput;

  @Field(() => Medium)
  @IsEnum(Medium)
  medium!: Medium;

  @LocalizedTextField()
  securityMeasures!: LocalizedTextInput;
}

@InputType()
export class UpdateStorageSystemInput extends VersionedUpdate {
  @LocalizedTextField({ optional: true })
  name?: LocalizedTextInput;

  @LocalizedTextField({ optional: true })
  location?: LocalizedTextInput;

  @Field(() => Medium, { nullable: true })
  @IsOptional()
  @IsEnum(Medium)
  medium?: Medium;

  @LocalizedTextField({ optional: true })
  securityMeasures?: LocalizedTextInput;
}
