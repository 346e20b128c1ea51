import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RecordStatus = 'ACTIVE' | 'DISPOSED';

/** One record of one category about one subject; its values are sealed, its metadata is not. */
@Entity('personal_records')
export class PersonalRecordEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId!: string;

  @Column('text', { name: 'category_code' })
  categoryCode!: string;

  /** The record's own key, sealed under the subject's data key; destroyed on disposal. */
  @Column('bytea', { name: 'wrapped_record_key', nullable: true })
  wrappedRecordKey!: Buffer | null;

  /** AES-256-GCM of the values' JSON under the record's key; null once disposed. */
  @Column('bytea', { name: 'sealed_values', nullable: true })
  sealedValues!: Buffer | null;

  /** Which items hold a value (names only), so usage can be counted without decrypting. */
  @Column('text', { name: 'item_keys', array: true })
  itemKeys!: string[];

  @Column('timestamptz', { name: 'collected_at' })
  collectedAt!: Date;

  /** Clear only in rows written before free texts were sealed (the start-up backfill seals and clears them). */
  @Column('text', { nullable: true })
  source!: string | null;

  /** Sealed under the subject's data key (see record-texts.ts), like the two below. */
  @Column('bytea', { name: 'sealed_source', nullable: true })
  sealedSource!: Buffer | null;

  @Column('text', { name: 'consent_ref', nullable: true })
  consentRef!: string | null;

  @Column('bytea', { name: 'sealed_consent_ref', nullable: true })
  sealedConsentRef!: Buffer | null;

  @Column('timestamptz', { name: 'retention_event_at', nullable: true })
  retentionEventAt!: Date | null;

  @Column('timestamptz', { name: 'retention_due_at', nullable: true })
  retentionDueAt!: Date | null;

  @Column('text')
  status!: RecordStatus;

  @Column('timestamptz', { name: 'disposed_at', nullable: true })
  disposedAt!: Date | null;

  @Column('text', { name: 'disposal_reason', nullable: true })
  disposalReason!: string | null;

  @Column('bytea', { name: 'sealed_disposal_reason', nullable: true })
  sealedDisposalReason!: Buffer | null;

  @Column('integer')
  version!: number;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** Where a record's sealed values belong: moving them to another record fails authentication. */
export const valuesAad = (recordId: string, categoryCode: string) =>
  `record:${recordId}:${categoryCode}`;
export const recordKeyAad = (recordId: string) => `record-key:${recordId}`;
