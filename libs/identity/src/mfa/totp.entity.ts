import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's authenticator: the sealed seed and the last time step a code was accepted for. */
@Entity('user_totp')
export class UserTotpEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column('bytea', { name: 'sealed_seed' })
  sealedSeed!: Buffer;

  @Column('timestamptz', { name: 'enrolled_at' })
  enrolledAt!: Date;

  /** Null until the user proved the app works (confirmTotp); only then does sign-in ask. */
  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  /** A code is accepted only for a later step than this (RFC 6238 §5.2: no replay). */
  @Column('bigint', {
    name: 'last_step',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  lastStep!: number;
}

/** A one-use recovery code, kept as its SHA-256. */
@Entity('user_recovery_codes')
export class RecoveryCodeEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @PrimaryColumn('bytea', { name: 'code_hash' })
  codeHash!: Buffer;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;
}
