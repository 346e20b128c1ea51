import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsCatalogCode, Paginated } from '@daicho/platform';
import { LocalizedTextField, LocalizedTextInput, LocalizedTextModel } from '@daicho/inventory';
import { ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { HandOffMethod, ProvisionRoute } from '../provision-enums';
import { CategoryCodesField, ItemKeysField } from '../input-fields';

@ObjectType('ProvisionRule', {
  description: 'Which categories and items may go to which recipient, how, on which legal route',
})
export class ProvisionRuleModel {
  @Field()
  code!: string;
  @Field(() => LocalizedTextModel)
  name!: LocalizedTextModel;
  @Field({ description: "The catalog's recipient (type of third party)" })
  recipientCode!: string;
  @Field(() => [String])
  categoryCodes!: string[];
  @Field(() => [String])
  items!: string[];
  @Field(() => [HandOffMethod])
  methods!: HandOffMethod[];
  @Field(() => ProvisionRoute)
  route!: ProvisionRoute;
  @Field(() => LocalizedTextModel)
  purposeAtRecipient!: LocalizedTextModel;
  @Field(() => String, {
    nullable: true,
    description: "The catalog purpose the provision serves (one of each category's purposes)",
  })
  purposeCode!: string | null;
  @Field(() => Int, { description: 'Years the art. 29 records are kept (3, or 1 under contract)' })
  recordRetentionYears!: number;
  @Field(() => Date, { nullable: true })
  retiredAt!: Date | null;
}

@ObjectType('ProvisionRuleConnection')
export class ProvisionRuleConnection extends Paginated(ProvisionRuleModel, 'ProvisionRule') {}

@InputType()
export class CreateProvisionRuleInput {
  @Field()
  @IsCatalogCode('code', { example: 'EMPLOYEE_ENTRANCE_APPROVAL' })
  code!: string;
  @LocalizedTextField()
  name!: LocalizedTextInput;
  @Field()
  @IsCatalogCode('recipientCode', { example: 'BUILDING_MANAGEMENT' })
  recipientCode!: string;
  @Field(() => [String])
  @CategoryCodesField()
  categoryCodes!: string[];
  @Field(() => [String])
  @ItemKeysField()
  items!: string[];
  @Field(() => [HandOffMethod])
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(HandOffMethod, { each: true })
  methods!: HandOffMethod[];
  @Field(() => ProvisionRoute)
  @IsEnum(ProvisionRoute)
  route!: ProvisionRoute;
  @LocalizedTextField()
  purposeAtRecipient!: LocalizedTextInput;
  @Field(() => String, {
    nullable: true,
    description: "The catalog purpose the provision serves; one of each category's purposes",
  })
  @IsOptional()
  @IsCatalogCode('purposeCode', { example: 'PERSONNEL_ADMIN' })
  purposeCode?: string;
  @Field(() => Int, { defaultValue: 3 })
  @IsInt()
  @Min(1)
  @Max(10)
  recordRetentionYears = 3;
}

export interface ProvisionRuleRow {
  code: string;
  name: { ja: string; en: string };
  recipient_code: string;
  category_codes: string[];
  items: string[];
  methods: HandOffMethod[];
  route: ProvisionRoute;
  purpose_at_recipient: { ja: string; en: string };
  purpose_code: string | null;
  record_retention_years: number;
  retired_at: Date | null;
}

export const toRuleModel = (r: ProvisionRuleRow): ProvisionRuleModel => ({
  code: r.code,
  name: r.name,
  recipientCode: r.recipient_code,
  categoryCodes: r.category_codes,
  items: r.items,
  methods: r.methods,
  route: r.route,
  purposeAtRecipient: r.purpose_at_recipient,
  purposeCode: r.purpose_code,
  recordRetentionYears: r.record_retention_years,
  retiredAt: r.retired_at,
});
