import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A login: the token itself is never stored, only its SHA-256. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('bytea', { name: 'token_hash' })
  tokenHash!: Buffer;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;

  /** Absolute end of the session, whatever its use. */
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** Signed in with the password only: waiting for the authenticator's code (completeMfa). */
  @Column('boolean', { name: 'mfa_pending', default: false })
  mfaPending!: boolean;

  /** Opened by single sign-on: the user's Daicho password plays no part in it. */
  @Column('boolean', { name: 'sso', default: false })
  sso!: boolean;
}
