import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A check value of the blind-index key (HMAC of a fixed text under the key), so a server started
 * with another key file, or with a new one made because the file was lost, refuses to start
 * instead of writing and searching indexes no existing person matches: a disclosure request would
 * find no one and be answered "we hold nothing" (APPI art. 33). Set by the first server to start.
 */
export class HoldingsIndexKeyCheck1765070000000 implements MigrationInterface {
  name = 'HoldingsIndexKeyCheck1765070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE holdings_keyring
      ADD COLUMN index_key_check bytea CHECK (length(index_key_check) = 32)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE holdings_keyring DROP COLUMN index_key_check`);
  }
}
