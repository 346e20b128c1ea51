import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { CatalogVersionEntity } from './catalog-version.entity';

@ObjectType('CatalogVersion', {
  description: 'One version of a catalog entry, as it was after a change',
})
export class CatalogVersionModel {
  @Field(() => Int)
  version!: number;

  @Field({ description: 'CREATED, UPDATED, RETIRED, REINSTATED or REVIEWED' })
  change!: string;

  @Field(() => [String])
  changedFields!: string[];

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field({ description: 'Id of the user (or system actor) who made the change' })
  changedBy!: string;

  @Field()
  changedAt!: Date;

  @Field({ description: 'The entry after the change, as JSON' })
  snapshot!: string;
}

export function toCatalogVersionModel(v: CatalogVersionEntity): CatalogVersionModel {
  return {
    version: v.version,
    change: v.change,
    changedFields: v.changedFields,
    note: v.note,
    changedBy: v.changedBy,
    changedAt: v.changedAt,
    snapshot: JSON.stringify(v.snapshot),
  };
}
