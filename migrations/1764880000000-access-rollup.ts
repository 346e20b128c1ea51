import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access report's daily rollup of the sealed ledger: per JST day, actor, category, purpose,
 * action and outcome, how many entries (and how many outside 9:00–18:00 JST), the first and last
 * sequence number. Folded in up to a signed checkpoint (the mark), so a report over a month reads
 * a few thousand rows instead of a million entries, and the entries after the mark directly. A
 * cache of the ledger, never the record: the ledger and its checkpoints stay the evidence.
 */
export class AccessRollup1764880000000 implements MigrationInterface {
  name = 'AccessRollup1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE TABLE access_rollup (
        day date NOT NULL,
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        actor_role text,
        category_code text,
        purpose_code text,
        action text NOT NULL,
        outcome text NOT NULL,
        entries bigint NOT NULL CHECK (entries > 0),
        after_hours bigint NOT NULL CHECK (after_hours BETWEEN 0 AND entries),
        first_seq bigint NOT NULL,
        last_seq bigint NOT NULL CHECK (last_seq >= first_seq),
        CONSTRAINT access_rollup_key UNIQUE NULLS NOT DISTINCT
          (day, actor_kind, actor_id, category_code, purpose_code, action, outcome)
      )`);
    await q.query(`
      CREATE TABLE access_rollup_mark (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        through_seq bigint NOT NULL CHECK (through_seq >= 0),
        rolled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO access_rollup_mark (through_seq) VALUES (0)`);
    for (const table of ['access_rollup', 'access_rollup_mark'])
      await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON access_rollup TO daicho_app`);
    await q.query(`GRANT SELECT, UPDATE ON access_rollup_mark TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP TABLE access_rollup_mark`);
    await q.query(`DROP TABLE access_rollup`);
  }
}
