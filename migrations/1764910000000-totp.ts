import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in with an authenticator app (TOTP, RFC 6238): each user's seed
 * sealed with AES-256-GCM under a key kept beside the data (never in the database), the last
 * accepted time step (a code is accepted once), hashed recovery codes, and sessions that wait for
 * their second step.
 */
export class Totp1764910000000 implements MigrationInterface {
  name = 'Totp1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE TABLE user_totp (
        user_id uuid PRIMARY KEY REFERENCES users (id),
        sealed_seed bytea NOT NULL,
        enrolled_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        last_step bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE user_recovery_codes (
        user_id uuid NOT NULL REFERENCES users (id),
        code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);
    await q.query(`ALTER TABLE sessions ADD COLUMN mfa_pending boolean NOT NULL DEFAULT false`);
    for (const table of ['user_totp', 'user_recovery_codes'])
      await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON user_totp, user_recovery_codes TO daicho_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER TABLE sessions DROP COLUMN mfa_pending`);
    await q.query(`DROP TABLE user_recovery_codes`);
    await q.query(`DROP TABLE user_totp`);
  }
}
