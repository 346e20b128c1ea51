import type { Role } from '@daicho/access';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AccessGrantKind, AccessGrantStatus } from './access-grant-rules';

/** A grant of a role that waits for (or received) a second person's decision. */
@Entity('access_grants')
export class AccessGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  role!: Role;

  @Column('text')
  kind!: AccessGrantKind;

  /** The actor id of who asked: a user's id, or `cli:<os user>@<host>` for the CLI. */
  @Column('text', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('text')
  status!: AccessGrantStatus;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  /** Why it was rejected, as the decider wrote it; free text, so never copied to the ledger. */
  @Column('text', { nullable: true })
  reason!: string | null;
}
