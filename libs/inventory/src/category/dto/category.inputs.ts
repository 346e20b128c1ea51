import { Field, InputType, Int } from '@nestjs/graphql';
import { Role } from '@daicho/access';
import { IsCatalogCode, IsItemKey } from '@daicho/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AcquisitionMethod,
  ItemValueType,
  Level,
  LifecycleStage,
  RetentionTrigger,
  SubjectType,
} from '../../catalog/catalog-enums';
import { VersionedUpdate } from '../../catalog/catalog-inputs';
import { LocalizedTextField, LocalizedTextInput } from '../../catalog/localized-text';

@InputType()
export class DataItemInput {
  @Field({ description: 'Stable key records use, e.g. dateOfBirth' })
  @IsItemKey('key')
  key!: string;

  @LocalizedTextField()
  label!: LocalizedTextInput;

  @Field(() => ItemValueType, { defaultValue: ItemValueType.TEXT })
  @IsEnum(ItemValueType)
  valueType: ItemValueType = ItemValueType.TEXT;

  @Field({ defaultValue: false })
  @IsBoolean()
  required: boolean = false;

  @Field({ defaultValue: false, description: '要配慮個人情報 (APPI art. 2(3))' })
  @IsBoolean()
  specialCare: boolean = false;

  @Field({
    defaultValue: false,
    description: 'Identifies a person alone: 個人識別符号 (APPI art. 2(2))',
  })
  @IsBoolean()
  identifiesAlone: boolean = false;

  @Field({ defaultValue: false, description: '個人番号 (My Number)' })
  @IsBoolean()
  myNumber: boolean = false;

  @Field({
    defaultValue: false,
    description: 'Misuse may cause property damage, e.g. a bank account (PPC Rule 7(ii))',
  })
  @IsBoolean()
  financialDamageRisk: boolean = false;
}

@InputType()
export class PurposeItemsInput {
  @Field()
  @IsCatalogCode('purposeCode')
  purposeCode!: string;

  @Field(() => [String], { description: 'Keys of the category items the purpose needs' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsItemKey('itemKeys', { each: true })
  itemKeys!: string[];
}

@InputType()
export class StageRiskInput {
  @Field(() => LifecycleStage)
  @IsEnum(LifecycleStage)
  stage!: LifecycleStage;

  @Field(() => Level)
  @IsEnum(Level)
  leakage!: Level;

  @Field(() => Level)
  @IsEnum(Level)
  loss!: Level;

  @Field(() => Level)
  @IsEnum(Level)
  damage!: Level;

  @LocalizedTextField()
  measures!: LocalizedTextInput;
}

/** Every field of a category but its code; each optional, so a change names only what changes. */
@InputType()
export class DataCategoryChanges extends VersionedUpdate {
  @LocalizedTextField({ optional: true })
  name?: LocalizedTextInput;

  @LocalizedTextField({ optional: true })
  description?: LocalizedTextInput;

  @Field(() => SubjectType, { nullable: true })
  @IsOptional()
  @IsEnum(SubjectType)
  subjectType?: SubjectType;

  @LocalizedTextField({ optional: true })
  ownerDepartment?: LocalizedTextInput;

  @LocalizedTextField({ optional: true })
  responsibleManager?: LocalizedTextInput;

  @Field(() => [DataItemInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DataItemInput)
  items?: DataItemInput[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsCatalogCode('purposeCodes', { each: true })
  purposeCodes?: string[];

  @Field(() => [PurposeItemsInput], {
    nullable: true,
    description:
      'What each purpose needs of the items; a read returns only those (deny by default: a purpose not listed needs none)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PurposeItemsInput)
  purposeItems?: PurposeItemsInput[];

  @Field(() => [AcquisitionMethod], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(AcquisitionMethod, { each: true })
  acquisitionMethods?: AcquisitionMethod[];

  @LocalizedTextField({ optional: true })
  acquisitionSource?: LocalizedTextInput;

  @LocalizedTextField({ optional: true })
  legalBasis?: LocalizedTextInput;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  consentRequired?: boolean;

  @Field({ nullable: true, description: '保有個人データ (entrusted data is not)' })
  @IsOptional()
  @IsBoolean()
  disclosureTarget?: boolean;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsCatalogCode('systemCodes', { each: true })
  systemCodes?: string[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  approximateRecords?: number;

  @Field({ nullable: true, description: 'ISO-8601 duration such as P5Y' })
  @IsOptional()
  @IsString()
  retentionPeriod?: string;

  @Field(() => RetentionTrigger, { nullable: true })
  @IsOptional()
  @IsEnum(RetentionTrigger)
  retentionTrigger?: RetentionTrigger;

  @LocalizedTextField({ optional: true })
  disposalMethod?: LocalizedTextInput;

  @Field(() => [String], { nullable: true, description: 'Codes of CONTRACTOR recipients' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsCatalogCode('entrustedTo', { each: true })
  entrustedTo?: string[];

  @Field(() => [String], { nullable: true, description: 'Codes of THIRD_PARTY recipients' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsCatalogCode('providedTo', { each: true })
  providedTo?: string[];

  @Field(() => [Role], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(Role, { each: true })
  handlingRoles?: Role[];

  @Field(() => Level, { nullable: true })
  @IsOptional()
  @IsEnum(Level)
  sensitivity?: Level;

  @Field(() => Level, { nullable: true })
  @IsOptional()
  @IsEnum(Level)
  accidentSeverity?: Level;

  @Field(() => [StageRiskInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => StageRiskInput)
  riskAssessment?: StageRiskInput[];

  @LocalizedTextField({ optional: true })
  remarks?: LocalizedTextInput;

  @Field({ nullable: true, description: 'ISO-8601 duration between reviews; default P1Y' })
  @IsOptional()
  @IsString()
  reviewInterval?: string;
}

@InputType()
export class CreateDataCategoryInput extends DataCategoryChanges {
  @Field()
  @IsCatalogCode('code', { example: 'EMPLOYEE' })
  code!: string;
}

export { DataCategoryFilter } from './category-filter';
