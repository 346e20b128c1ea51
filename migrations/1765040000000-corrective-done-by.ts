import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who recorded a corrective action done, so that its effectiveness is checked by someone else
 * (JIS Q 15001: the check is not the doer's own). Rows done before take the actor of their
 * CORRECTIVE_ACTION_DONE entry, written in the same transaction as the step.
 */
export class CorrectiveDoneBy1765040000000 implements MigrationInterface {
  name = 'CorrectiveDoneBy1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE corrective_actions ADD COLUMN done_by text`);
    await q.query(`
      UPDATE corrective_actions a SET done_by = (
        SELECT COALESCE(e.actor_id, e.actor_kind) FROM ledger_entries e
         WHERE e.action = 'CORRECTIVE_ACTION_DONE' AND e.target_type = 'CorrectiveAction'
           AND e.target_id = a.id::text
         ORDER BY e.recorded_at LIMIT 1)
       WHERE a.done_on IS NOT NULL`);
    await q.query(`ALTER TABLE corrective_actions ADD CONSTRAINT corrective_actions_done_by
                     CHECK ((done_on IS NULL) = (done_by IS NULL))`);
    await q.query(`GRANT UPDATE (done_by) ON corrective_actions TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE corrective_actions DROP COLUMN done_by`);
  }
}
