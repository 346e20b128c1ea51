import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No query filters or orders the ledger by sequenced_at (lists, reports and proofs go by seq or
 * recorded_at), yet its index took a write for every entry sealed: dropped, so an append costs
 * the sequencer one index less (bench/ledger.bench.ts, appends against plain INSERT).
 */
export class LedgerSequencedAtIndex1764970000000 implements MigrationInterface {
  name = 'LedgerSequencedAtIndex1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP INDEX ledger_entries_sequenced_at_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`CREATE INDEX ledger_entries_sequenced_at_idx ON ledger_entries (sequenced_at)`);
  }
}
