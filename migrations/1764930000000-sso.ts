import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on with the company's identity provider (OpenID Connect): a
 * sign-in under way is kept here between the redirect to the provider and its return, by the
 * SHA-256 of its state, with its PKCE verifier and nonce; taken once, gone after ten minutes.
 */
export class Sso1764930000000 implements MigrationInterface {
  name = 'Sso1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE TABLE sso_attempts (
        state_hash bytea PRIMARY KEY CHECK (length(state_hash) = 32),
        code_verifier text NOT NULL CHECK (length(code_verifier) BETWEEN 43 AND 128),
        nonce text NOT NULL CHECK (length(nonce) BETWEEN 16 AND 128),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sso_attempts_expiry ON sso_attempts (expires_at)`);
    // Sessions opened by the provider (no Daicho password involved: a pending password change
    // does not block them), and the provider account a user was first signed in with (by the
    // SHA-256 of issuer and subject): later an account with the same e-mail but another subject
    // is refused, so a re-used or re-assigned address at the provider takes over nobody.
    await q.query(`ALTER TABLE sessions ADD COLUMN sso boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE users ADD COLUMN sso_subject bytea UNIQUE CHECK (length(sso_subject) = 32)`,
    );
    await q.query(`ALTER TABLE sso_attempts OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON sso_attempts TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER TABLE users DROP COLUMN sso_subject`);
    await q.query(`ALTER TABLE sessions DROP COLUMN sso`);
    await q.query(`DROP TABLE sso_attempts`);
  }
}
