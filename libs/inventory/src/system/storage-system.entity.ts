import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CatalogEntryColumns } from '../catalog/catalog-entry';
import type { Medium } from '../catalog/catalog-enums';
import type { Localized } from '../catalog/localized-text';

/** Where data is kept: a system or a paper file, its location and its security measures. */
@Entity('storage_systems')
export class StorageSystemEntity extends CatalogEntryColumns {
  @PrimaryColumn('text')
  code!: string;

  @Column('jsonb')
  name!: Localized;

  @Column('jsonb')
  location!: Localized;

  @Column('text')
  medium!: Medium;

  @Column('jsonb', { name: 'security_measures' })
  securityMeasures!: Localized;
}
