import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An idempotent call's replay answers with the HTTP status of the first answer too (a 400 for
 * variables that did not fit stays a 400 on retry), not only with its body.
 */
export class IdempotentStatus1764940000000 implements MigrationInterface {
  name = 'IdempotentStatus1764940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(
      `ALTER TABLE idempotency_keys ADD COLUMN response_status int
         CHECK (response_status BETWEEN 100 AND 599)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN response_status`);
  }
}
