import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A decision that answers what an earlier exemption kept from the same person says so
 * (`liftEarlierExemptions`) and keeps which requests' exemptions it lifted, those it saw under
 * the person's lock: from then on those no longer bind the person's later answers
 * (libs/requests/src/request/earlier-exemptions.ts). Decisions before this lifted none.
 */
export class RequestLiftedExemptions1765120000000 implements MigrationInterface {
  name = 'RequestLiftedExemptions1765120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_decisions
      ADD COLUMN lifted_exemptions_of uuid[] NOT NULL DEFAULT '{}',
      ADD CONSTRAINT request_decisions_lift_answers
        CHECK (cardinality(lifted_exemptions_of) = 0 OR outcome <> 'REFUSE')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_decisions DROP COLUMN lifted_exemptions_of`);
  }
}
