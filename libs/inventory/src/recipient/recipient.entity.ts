import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CatalogEntryColumns } from '../catalog/catalog-entry';
import type { RecipientKind } from '../catalog/catalog-enums';
import type { Localized } from '../catalog/localized-text';

/** Someone data goes to: a contractor it is entrusted to, or a third party it is provided to. */
@Entity('recipients')
export class RecipientEntity extends CatalogEntryColumns {
  @PrimaryColumn('text')
  code!: string;

  @Column('jsonb')
  name!: Localized;

  @Column('text')
  kind!: RecipientKind;

  @Column('jsonb', { name: 'recipient_type' })
  recipientType!: Localized;

  /** ISO 3166-1 alpha-2; a recipient abroad brings APPI art. 28 duties. */
  @Column('text')
  country!: string;

  @Column('jsonb', { name: 'provision_rule' })
  provisionRule!: Localized;
}
