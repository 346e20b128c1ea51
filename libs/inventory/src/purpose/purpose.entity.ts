import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CatalogEntryColumns } from '../catalog/catalog-entry';
import type { Localized } from '../catalog/localized-text';

/** A purpose of use (利用目的), reusable across categories, traced to the policy clause it comes from. */
@Entity('purposes')
export class PurposeEntity extends CatalogEntryColumns {
  @PrimaryColumn('text')
  code!: string;

  @Column('jsonb')
  name!: Localized;

  @Column('jsonb')
  description!: Localized;

  @Column('text', { name: 'policy_clause' })
  policyClause!: string;
}
