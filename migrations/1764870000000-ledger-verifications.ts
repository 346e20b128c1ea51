import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each full verification of the ledger and what it found, so the dashboard can say when the
 * ledger was last proven whole and by whom (JIS Q 15001 A.3.7.2: the audit's evidence). Results
 * only — no personal data; the runtime role may add runs, never change one.
 */
export class LedgerVerifications1764870000000 implements MigrationInterface {
  name = 'LedgerVerifications1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE TABLE ledger_verifications (
        id bigserial PRIMARY KEY,
        verified_at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        ok boolean NOT NULL,
        checked_entries bigint NOT NULL CHECK (checked_entries >= 0),
        checked_checkpoints integer NOT NULL CHECK (checked_checkpoints >= 0),
        first_invalid_seq bigint,
        reason text CHECK (length(reason) <= 2000),
        with_trusted_checkpoint boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX ledger_verifications_at_idx ON ledger_verifications (verified_at)`);
    await q.query(`ALTER TABLE ledger_verifications OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT ON ledger_verifications TO daicho_app`);
    await q.query(`GRANT USAGE ON SEQUENCE ledger_verifications_id_seq TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP TABLE ledger_verifications`);
  }
}
