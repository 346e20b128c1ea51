import type { MigrationInterface, QueryRunner } from 'typeorm';

const MEASURES = [
  'PURPOSES_NOTIFIED',
  'DISCLOSED',
  'NONE_HELD',
  'PROVISION_RECORDS_DISCLOSED',
  'CORRECTED',
  'USE_SUSPENDED',
  'ERASED',
  'PROVISION_STOPPED',
];

/**
 * What review found missing from the requests schema:
 * - an execution is claimed, with its measure, under the request's lock before anything is done:
 *   an erasure commits person by person before the request's own transaction, so a second,
 *   different execution must not start meanwhile (APPI art. 35(1): one measure, the one decided);
 * - a fee payment's reference (a money order's number) is sealed like the request's other texts,
 *   under the requester's record key, so it goes when that record's retention ends.
 */
export class RequestSafeguards1764810000000 implements MigrationInterface {
  name = 'RequestSafeguards1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE request_execution_claims (
        request_id uuid PRIMARY KEY REFERENCES data_subject_requests (id),
        measure text NOT NULL CHECK (measure IN (${MEASURES.map((m) => `'${m}'`).join(',')})),
        -- An erasure's plan, fixed at the claim: the retained records it disposes of.
        planned_records integer CHECK (planned_records >= 0),
        planned_categories text[],
        claimed_by text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((measure = 'ERASED') = (planned_records IS NOT NULL)),
        CHECK ((planned_records IS NULL) = (planned_categories IS NULL))
      )`);
    await q.query(`ALTER TABLE request_execution_claims OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT ON request_execution_claims TO daicho_app`);
    await q.query(`ALTER TABLE request_fee_payments ADD COLUMN sealed_reference bytea,
                     ALTER COLUMN reference DROP NOT NULL,
                     ADD CONSTRAINT request_fee_payments_reference_once
                       CHECK ((reference IS NULL) <> (sealed_reference IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_fee_payments DROP CONSTRAINT request_fee_payments_reference_once,
                     DROP COLUMN sealed_reference`);
    await q.query(`DROP TABLE request_execution_claims`);
  }
}
