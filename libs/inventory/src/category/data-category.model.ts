import { Field, Int, ObjectType } from '@nestjs/graphql';
import {
  AcquisitionMethod,
  ItemValueType,
  Level,
  LifecycleStage,
  RetentionTrigger,
  SubjectType,
} from '../catalog/catalog-enums';
import { LocalizedTextModel } from '../catalog/localized-text';
import { PurposeModel } from '../purpose/purpose.dto';
import { RecipientModel } from '../recipient/recipient.dto';
import { StorageSystemModel } from '../system/storage-system.dto';

@ObjectType('DataItem')
export class DataItemModel {
  @Field()
  key!: string;
  @Field(() => LocalizedTextModel)
  label!: LocalizedTextModel;
  @Field(() => ItemValueType)
  valueType!: ItemValueType;
  @Field()
  required!: boolean;
  @Field({ description: '要配慮個人情報' })
  specialCare!: boolean;
  @Field({ description: '個人識別符号' })
  identifiesAlone!: boolean;
  @Field({ description: '個人番号' })
  myNumber!: boolean;
  @Field(() => Boolean, {
    description: 'Misuse may cause property damage (PPC Rule 7(ii): reportable from one person)',
  })
  financialDamageRisk!: boolean;
}

@ObjectType('StageRisk')
export class StageRiskModel {
  @Field(() => LifecycleStage)
  stage!: LifecycleStage;
  @Field(() => Level)
  leakage!: Level;
  @Field(() => Level)
  loss!: Level;
  @Field(() => Level)
  damage!: Level;
  @Field(() => LocalizedTextModel)
  measures!: LocalizedTextModel;
}

@ObjectType('PurposeItems')
export class PurposeItemsModel {
  @Field()
  purposeCode!: string;
  @Field(() => [String])
  itemKeys!: string[];
}

@ObjectType('DataCategory', {
  description:
    'A category of personal data: one line of the personal information management ledger',
})
export class DataCategoryModel {
  @Field()
  code!: string;
  @Field(() => LocalizedTextModel)
  name!: LocalizedTextModel;
  @Field(() => LocalizedTextModel)
  description!: LocalizedTextModel;
  @Field(() => SubjectType)
  subjectType!: SubjectType;
  @Field(() => LocalizedTextModel)
  ownerDepartment!: LocalizedTextModel;
  @Field(() => LocalizedTextModel)
  responsibleManager!: LocalizedTextModel;
  @Field(() => [DataItemModel])
  items!: DataItemModel[];
  @Field({ description: 'Derived: some item is special-care-required (要配慮個人情報)' })
  specialCare!: boolean;
  @Field({ description: 'Derived: some item is an identification code (個人識別符号)' })
  identificationCode!: boolean;
  @Field({ description: 'Derived: some item is a My Number (特定個人情報)' })
  myNumber!: boolean;
  @Field(() => [PurposeModel])
  purposes!: PurposeModel[];
  @Field(() => [PurposeItemsModel], {
    description: 'What each purpose needs of the items (a purpose not listed needs none)',
  })
  purposeItems!: PurposeItemsModel[];
  @Field(() => [AcquisitionMethod])
  acquisitionMethods!: AcquisitionMethod[];
  @Field(() => LocalizedTextModel)
  acquisitionSource!: LocalizedTextModel;
  @Field(() => LocalizedTextModel)
  legalBasis!: LocalizedTextModel;
  @Field()
  consentRequired!: boolean;
  @Field({ description: '保有個人データ: the person may request disclosure' })
  disclosureTarget!: boolean;
  @Field(() => [StorageSystemModel])
  systems!: StorageSystemModel[];
  @Field(() => Int)
  approximateRecords!: number;
  @Field({ description: 'ISO-8601 duration' })
  retentionPeriod!: string;
  @Field(() => RetentionTrigger)
  retentionTrigger!: RetentionTrigger;
  @Field(() => LocalizedTextModel)
  disposalMethod!: LocalizedTextModel;
  @Field(() => [RecipientModel])
  entrustedTo!: RecipientModel[];
  @Field(() => [RecipientModel])
  providedTo!: RecipientModel[];
  @Field(() => [String], { description: 'Roles allowed to handle it' })
  handlingRoles!: string[];
  @Field(() => Level)
  sensitivity!: Level;
  @Field(() => Level)
  accidentSeverity!: Level;
  @Field(() => [StageRiskModel])
  riskAssessment!: StageRiskModel[];
  @Field(() => LocalizedTextModel, { nullable: true })
  remarks!: LocalizedTextModel | null;
  @Field()
  reviewInterval!: string;
  @Field(() => Date, { nullable: true })
  lastReviewedAt!: Date | null;
  @Field({ description: 'When the next review is due (now, if never reviewed)' })
  reviewDueAt!: Date;
  @Field(() => Int)
  version!: number;
  @Field(() => Date, { nullable: true })
  retiredAt!: Date | null;
  @Field()
  updatedAt!: Date;
}
