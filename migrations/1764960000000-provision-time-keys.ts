import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A provision's creation time is its list's keyset position, and a cursor carries milliseconds
 * (a JavaScript Date). now() keeps microseconds, so a page could skip provisions created in the
 * same millisecond as its last row: creation times are kept to the millisecond from now on, and
 * the existing ones are cut to it (by less than a millisecond; their order by id is unchanged).
 */
export class ProvisionTimeKeys1764960000000 implements MigrationInterface {
  name = 'ProvisionTimeKeys1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(
      `ALTER TABLE provisions ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`,
    );
    await q.query(
      `UPDATE provisions SET created_at = date_trunc('milliseconds', created_at)
        WHERE created_at <> date_trunc('milliseconds', created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER TABLE provisions ALTER COLUMN created_at SET DEFAULT now()`);
  }
}
