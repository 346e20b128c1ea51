import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalizedTextModel } from '@daicho/inventory';
import { CalendarDateScalar, LedgerAction } from '@daicho/platform';
import { AccessAnomalyKind } from './access-anomalies';

registerEnumType(AccessAnomalyKind, { name: 'AccessAnomalyKind' });

@ObjectType('AccessCounts', { description: 'Allowed reads, exports and hand-offs; refusals' })
export class AccessCountsModel {
  @Field(() => Int)
  reads!: number;
  @Field(() => Int)
  exports!: number;
  @Field(() => Int, { description: 'Persons handed to a third party (PROVIDE entries)' })
  provisions!: number;
  @Field(() => Int)
  denials!: number;
}

@ObjectType('AccessActor', { description: 'Who acted: a user, an API key or a CLI operator' })
export class AccessActorModel {
  @Field(() => ID, { description: 'A user or API key id, or cli:<OS user>@<host>' })
  id!: string;
  @Field({ description: 'USER, API_KEY, or SYSTEM for a CLI operator' })
  kind!: string;
  @Field(() => String, { nullable: true })
  role!: string | null;
  @Field(() => String, { nullable: true, description: "The user's display name or the key's name" })
  name!: string | null;
}

@ObjectType('AccessByActorCategory', { description: 'One cell of the heat map' })
export class AccessByActorCategoryModel extends AccessCountsModel {
  @Field(() => AccessActorModel)
  actor!: AccessActorModel;
  @Field(() => String, { nullable: true })
  categoryCode!: string | null;
  @Field(() => LocalizedTextModel, { nullable: true, description: "The category's catalog name" })
  categoryName!: LocalizedTextModel | null;
}

@ObjectType('AccessByPurpose')
export class AccessByPurposeModel extends AccessCountsModel {
  @Field(() => String, { nullable: true })
  purposeCode!: string | null;
  @Field(() => LocalizedTextModel, { nullable: true, description: "The purpose's catalog name" })
  purposeName!: LocalizedTextModel | null;
}

@ObjectType('LedgerActionLabel', { description: 'A ledger action in words (the one label source)' })
export class LedgerActionLabelModel {
  @Field(() => LedgerAction)
  action!: LedgerAction;
  @Field(() => LocalizedTextModel)
  label!: LocalizedTextModel;
}

@ObjectType('AccessByDay')
export class AccessByDayModel extends AccessCountsModel {
  @Field(() => CalendarDateScalar, { description: 'The day in Japan' })
  day!: string;
}

@ObjectType('AccessAnomaly', {
  description:
    'Something for a person to look at, with why and the entries behind it (ledgerEntries with actorId, from and to)',
})
export class AccessAnomalyModel {
  @Field(() => AccessAnomalyKind)
  kind!: AccessAnomalyKind;
  @Field(() => AccessActorModel)
  actor!: AccessActorModel;
  @Field(() => CalendarDateScalar, { description: 'The day in Japan' })
  day!: string;
  @Field({ description: 'Why, in English' })
  reason!: string;
  @Field({ description: 'Why, in Japanese' })
  reasonJa!: string;
  @Field(() => Int, { description: 'How many entries show it' })
  entries!: number;
  @Field({ description: 'The drill-down: entries recorded from…' })
  from!: Date;
  @Field({ description: '…to' })
  to!: Date;
  @Field(() => Float, { description: "The first of the actor's entries that day" })
  firstSeq!: number;
  @Field(() => Float)
  lastSeq!: number;
}

@ObjectType('AccessReportBasis', { description: 'The signed checkpoint the report counts up to' })
export class AccessReportBasisModel {
  @Field(() => Float)
  treeSize!: number;
  @Field()
  rootHash!: string;
  @Field()
  signedAt!: Date;
}

@ObjectType('AccessReport', {
  description:
    'Who read what over a period (policy item 2; JIS Q 15001 monitoring), from the sealed ledger',
})
export class AccessReportModel {
  @Field()
  from!: Date;
  @Field()
  to!: Date;
  @Field(() => AccessReportBasisModel)
  basis!: AccessReportBasisModel;
  @Field(() => AccessCountsModel)
  totals!: AccessCountsModel;
  @Field(() => [AccessByActorCategoryModel])
  byActorCategory!: AccessByActorCategoryModel[];
  @Field(() => [AccessByPurposeModel])
  byPurpose!: AccessByPurposeModel[];
  @Field(() => [AccessByDayModel])
  byDay!: AccessByDayModel[];
  @Field(() => [AccessAnomalyModel])
  anomalies!: AccessAnomalyModel[];
}
