import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each purpose of a category names the items it needs (Deny by default, APPI
 * art. 18). Null means "not given yet": the catalog seeder fills the company's categories from
 * the privacy policy at the next start (as a new catalog version); until then, and for a category
 * without it, a read for a purpose returns no item.
 */
export class PurposeItems1764720000000 implements MigrationInterface {
  name = 'PurposeItems1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_categories ADD COLUMN purpose_items jsonb
                     CHECK (purpose_items IS NULL OR jsonb_typeof(purpose_items) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_categories DROP COLUMN purpose_items`);
  }
}
