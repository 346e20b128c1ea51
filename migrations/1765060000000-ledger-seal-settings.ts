import type { MigrationInterface, QueryRunner } from 'typeorm';

const SEAL_SIGNATURE = `ledger_seal(bigint, uuid[], bytea[], bytea[], timestamptz, smallint[],
  bigint[], bytea[], bytea[], bytea)`;
const SETTINGS = ['enable_bitmapscan', 'enable_sort'];

/**
 * The sequencer reads a batch of intake rows with bitmap scans and sorts off (seal-batch.ts says
 * why) and used to put both back with a round trip of its own before calling ledger_seal. The
 * seal now runs with them on by its own SET clauses, whatever its session holds: one round trip
 * a batch less on the path every append takes (docs/performance.md, item 3).
 */
export class LedgerSealSettings1765060000000 implements MigrationInterface {
  name = 'LedgerSealSettings1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    for (const setting of SETTINGS)
      await q.query(`ALTER FUNCTION ${SEAL_SIGNATURE} SET ${setting} = on`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    for (const setting of SETTINGS)
      await q.query(`ALTER FUNCTION ${SEAL_SIGNATURE} RESET ${setting}`);
  }
}
