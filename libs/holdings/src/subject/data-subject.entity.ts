import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person the company holds data about, known only by a random id; owns the data key. */
@Entity('data_subjects')
export class DataSubjectEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: string;

  @Column('text', { name: 'master_key_id', nullable: true })
  masterKeyId!: string | null;

  /** The subject's data key, wrapped by the master key; null once erased (crypto-shredded). */
  @Column('bytea', { name: 'wrapped_key', nullable: true })
  wrappedKey!: Buffer | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'erased_at', nullable: true })
  erasedAt!: Date | null;

  /** Set at the person's request: no use for business purposes from then on (APPI art. 35(1)). */
  @Column('timestamptz', { name: 'use_suspended_at', nullable: true })
  useSuspendedAt!: Date | null;

  /** Set at the person's request: no provision to third parties from then on (APPI art. 35(3)). */
  @Column('timestamptz', { name: 'provision_stopped_at', nullable: true })
  provisionStoppedAt!: Date | null;
}
