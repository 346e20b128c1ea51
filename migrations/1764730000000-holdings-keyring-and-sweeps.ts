import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two one-row tables every server process agrees on:
 * - `holdings_keyring`: which master key new data keys are wrapped under. The key itself stays in
 *   the key file outside the database; a rotation switches this id under an exclusive lock that
 *   every wrapping transaction takes shared, so no process wraps under a key a rotation retires.
 * - `retention_sweep_lease`: when the scheduled retention sweep last started, so that among any
 *   number of servers one sweeps per period (the claim is one conditional UPDATE of the row).
 * The runtime role reads and updates them; the rows are created here, never inserted or deleted.
 */
export class HoldingsKeyringAndSweeps1764730000000 implements MigrationInterface {
  name = 'HoldingsKeyringAndSweeps1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE holdings_keyring (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        current_key_id text CHECK (current_key_id ~ '^[0-9a-f]{16}$'),
        changed_at timestamptz
      )`);
    await q.query(`INSERT INTO holdings_keyring (singleton) VALUES (true)`);
    await q.query(`
      CREATE TABLE retention_sweep_lease (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        last_started_at timestamptz,
        started_by text CHECK (length(started_by) <= 200)
      )`);
    await q.query(`INSERT INTO retention_sweep_lease (singleton) VALUES (true)`);
    for (const table of ['holdings_keyring', 'retention_sweep_lease']) {
      await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
      await q.query(`GRANT SELECT, UPDATE ON ${table} TO daicho_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_sweep_lease, holdings_keyring`);
  }
}
