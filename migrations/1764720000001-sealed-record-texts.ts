import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A record's free texts (source, consent reference, disposal reason) are sealed under the
 * subject's data key: erasure shreds them with the values. The database cannot
 * reach the keys, so this adds the sealed columns and lets the clear ones be empty; the server's
 * start-up backfill (RecordTextsBackfill) seals what is still clear and clears it. A later
 * migration drops the clear columns once every deployment has started once on this version.
 */
export class SealedRecordTexts1764720000001 implements MigrationInterface {
  name = 'SealedRecordTexts1764720000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE personal_records
                     ADD COLUMN sealed_source bytea,
                     ADD COLUMN sealed_consent_ref bytea,
                     ADD COLUMN sealed_disposal_reason bytea,
                     ALTER COLUMN source DROP NOT NULL`);
    // A record says where it came from, in clear (old rows) or sealed (new ones).
    await q.query(`ALTER TABLE personal_records ADD CONSTRAINT personal_records_source_held
                     CHECK (source IS NOT NULL OR sealed_source IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE personal_records DROP CONSTRAINT personal_records_source_held,
                     DROP COLUMN sealed_source, DROP COLUMN sealed_consent_ref,
                     DROP COLUMN sealed_disposal_reason`);
  }
}
