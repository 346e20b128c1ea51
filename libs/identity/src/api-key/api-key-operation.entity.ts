import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A document an allow-listed API key may run, by the SHA-256 of its text. */
@Entity('api_key_operations')
export class ApiKeyOperationEntity {
  @PrimaryColumn('uuid', { name: 'api_key_id' })
  apiKeyId!: string;

  @PrimaryColumn('bytea', { name: 'document_hash' })
  documentHash!: Buffer;

  @Column('text')
  name!: string;

  @Column('uuid', { name: 'registered_by' })
  registeredBy!: string;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt!: Date;
}
