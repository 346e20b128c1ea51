import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What was done when a corrective action is recorded done (JIS Q 15001: the action taken is
 * recorded), sealed in the action's own file like its cause and action.
 */
export class CorrectiveDoneNote1764830000000 implements MigrationInterface {
  name = 'CorrectiveDoneNote1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE corrective_actions ADD COLUMN sealed_done_note bytea,
                     ADD CONSTRAINT corrective_actions_done_note CHECK (sealed_done_note IS NULL OR done_on IS NOT NULL)`);
    await q.query(`GRANT UPDATE (sealed_done_note) ON corrective_actions TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE corrective_actions DROP COLUMN sealed_done_note`);
  }
}
