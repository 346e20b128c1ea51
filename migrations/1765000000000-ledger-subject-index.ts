import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's entries are read sealed only (their footprint, a disclosure of accesses, touches
 * after erasure), yet the subject index held intake rows too: every append wrote it at INSERT
 * and the seal wrote it again. Now it covers sealed entries only, as the other filter indexes
 * do (1764980000000): one index write fewer on the path a client waits for.
 */
export class LedgerSubjectIndex1765000000000 implements MigrationInterface {
  name = 'LedgerSubjectIndex1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP INDEX ledger_entries_subject_idx`);
    await q.query(`CREATE INDEX ledger_entries_subject_idx ON ledger_entries (subject_id, seq)
                     WHERE seq IS NOT NULL AND subject_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP INDEX ledger_entries_subject_idx`);
    await q.query(`CREATE INDEX ledger_entries_subject_idx ON ledger_entries (subject_id, seq)
                     WHERE subject_id IS NOT NULL`);
  }
}
