import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Periods of the ledger by the time entries were recorded (the access report, an incident's
 * window): a BRIN index, a few pages for millions of rows, because entries are written in time
 * order and so lie on disk in it; a B-tree would cost every append far more.
 */
export class LedgerRecordedAtIndex1764860000000 implements MigrationInterface {
  name = 'LedgerRecordedAtIndex1764860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(
      `CREATE INDEX ledger_entries_recorded_at_brin ON ledger_entries USING brin (recorded_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP INDEX ledger_entries_recorded_at_brin`);
  }
}
