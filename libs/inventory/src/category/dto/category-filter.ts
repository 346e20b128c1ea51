import { Field, InputType } from '@nestjs/graphql';
import { IsCatalogCode } from '@daicho/platform';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { SubjectType } from '../../catalog/catalog-enums';

/** What `dataCategories` may be narrowed by; every field optional, retired ones left out by default. */
@InputType()
export class DataCategoryFilter {
  @Field({ nullable: true, description: 'Owner department, in Japanese or English' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  department?: string;

  @Field(() => SubjectType, { nullable: true })
  @IsOptional()
  @IsEnum(SubjectType)
  subjectType?: SubjectType;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  disclosureTarget?: boolean;

  @Field({
    nullable: true,
    description: 'Only categories with (true) or without (false) special-care items',
  })
  @IsOptional()
  @IsBoolean()
  specialCare?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsCatalogCode('purposeCode')
  purposeCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCatalogCode('systemCode')
  systemCode?: string;

  @Field({ nullable: true, description: 'Entrusted to or provided to this recipient' })
  @IsOptional()
  @IsCatalogCode('recipientCode')
  recipientCode?: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  includeRetired: boolean = false;
}
