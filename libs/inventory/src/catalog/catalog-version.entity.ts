import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CatalogEntityType = 'DataCategory' | 'Purpose' | 'StorageSystem' | 'Recipient';
export type CatalogChange = 'CREATED' | 'UPDATED' | 'RETIRED' | 'REINSTATED' | 'REVIEWED';

/** One version of a catalog entry as it was after a change; never updated. */
@Entity('catalog_versions')
export class CatalogVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'entity_type' })
  entityType!: CatalogEntityType;

  @Column('text')
  code!: string;

  @Column('integer')
  version!: number;

  @Column('jsonb')
  snapshot!: Record<string, unknown>;

  @Column('text', { name: 'changed_fields', array: true })
  changedFields!: string[];

  @Column('text')
  change!: CatalogChange;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('text', { name: 'changed_by' })
  changedBy!: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}
