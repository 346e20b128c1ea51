import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An integration's Idempotency-Key: the call it was first used for and, once done, its answer. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'api_key_id' })
  apiKeyId!: string;

  @PrimaryColumn('text')
  key!: string;

  /** SHA-256 of the canonical JSON of the document, operation name and variables. */
  @Column('bytea')
  fingerprint!: Buffer;

  @Column('text')
  state!: 'IN_PROGRESS' | 'DONE';

  /** The answer as sent (data and formatted errors), replayed to a retry. */
  @Column('jsonb', { nullable: true })
  response!: object | null;

  /** The HTTP status it went out with (a 400 for variables that did not fit), replayed too. */
  @Column('int', { name: 'response_status', nullable: true })
  responseStatus!: number | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
