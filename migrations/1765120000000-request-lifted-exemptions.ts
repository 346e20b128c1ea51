import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A decision that answers what an earlier exemption kept from the same person says so
 * (`liftEarlierExemptions`): from then on that exemption no longer binds the person's later
 * answers (libs/requests/src/request/earlier-exemptions.ts). Decisions before this lifted none.
 */
export class RequestLiftedExemptions1765120000000 implements MigrationInterface {
  name = 'RequestLiftedExemptions1765120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_decisions
      ADD COLUMN lifts_earlier_exemptions boolean NOT NULL DEFAULT false,
      ADD CONSTRAINT request_decisions_lift_answers
        CHECK (NOT lifts_earlier_exemptions OR outcome <> 'REFUSE')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_decisions DROP COLUMN lifts_earlier_exemptions`);
  }
}
