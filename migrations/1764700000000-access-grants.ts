import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Separation of duties (JIS Q 15001 A.3.4.3.2 approved access rights): a grant of
 * a role that reads personal data, or of ADMIN, waits in `access_grants` until a second person
 * approves it. A created user waits as PENDING (cannot log in). The rejection reason is free text
 * and stays here, never in the append-only ledger. Grants are decided once and then kept.
 */
export class AccessGrants1764700000000 implements MigrationInterface {
  name = 'AccessGrants1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_status_check`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_status_check
         CHECK (status IN ('ACTIVE','DISABLED','PENDING'))`,
    );
    await q.query(`
      CREATE TABLE access_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        role text NOT NULL
          CHECK (role IN ('ADMIN','CPO','AUDITOR','HR','SALES','SUPPORT','FACILITIES')),
        kind text NOT NULL CHECK (kind IN ('CREATION','ROLE_CHANGE','PASSWORD_RESET','BOOTSTRAP')),
        requested_by text NOT NULL CHECK (length(requested_by) BETWEEN 1 AND 200),
        requested_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','APPROVED','REJECTED')),
        decided_by text CHECK (length(decided_by) BETWEEN 1 AND 200),
        decided_at timestamptz,
        reason text CHECK (length(reason) BETWEEN 1 AND 500),
        CHECK ((status = 'PENDING') = (decided_at IS NULL))
      )`);
    // One open request per user: a second one waits for the first to be decided.
    await q.query(
      `CREATE UNIQUE INDEX access_grants_one_pending ON access_grants (user_id) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX access_grants_status_idx ON access_grants (status, requested_at, id)`,
    );
    await q.query(`ALTER TABLE access_grants OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT ON access_grants TO daicho_app`);
    await q.query(
      `GRANT UPDATE (status, decided_by, decided_at, reason) ON access_grants TO daicho_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_grants`);
    await q.query(`UPDATE users SET status = 'DISABLED' WHERE status = 'PENDING'`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_status_check`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_status_check CHECK (status IN ('ACTIVE','DISABLED'))`,
    );
  }
}
