import { Column, CreateDateColumn } from 'typeorm';

/** Columns every catalog entry has: a version counter, retirement instead of deletion, who changed it last. */
export abstract class CatalogEntryColumns {
  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('text', { name: 'updated_by' })
  updatedBy!: string;
}
