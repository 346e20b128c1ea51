import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored tree read without the heap: the node and the leaf indexes carry the hash itself, so
 * a multi-leaf proof (tens of thousands of nodes for an incident's scope) is answered by
 * index-only scans, a level's nodes next to each other, instead of a heap page per node (tree
 * nodes of all levels lie interleaved in insertion order). Both are written once per row
 * (sealing), so the wider indexes cost the sequencer little.
 */
export class LedgerCoveringIndexes1764850000000 implements MigrationInterface {
  name = 'LedgerCoveringIndexes1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER TABLE ledger_tree_nodes DROP CONSTRAINT ledger_tree_nodes_pkey,
                     ADD CONSTRAINT ledger_tree_nodes_pkey PRIMARY KEY (level, index) INCLUDE (hash)`);
    // Partial: intake rows (seq NULL) are no longer indexed at all, so sealing appends at the
    // index's right end and the index stays about half the size (1M entries: 136 → ~60 MB).
    await q.query(`ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_seq_key`);
    await q.query(`CREATE UNIQUE INDEX ledger_entries_seq_key ON ledger_entries (seq)
                     INCLUDE (leaf_hash) WHERE seq IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER TABLE ledger_tree_nodes DROP CONSTRAINT ledger_tree_nodes_pkey,
                     ADD CONSTRAINT ledger_tree_nodes_pkey PRIMARY KEY (level, index)`);
    await q.query(`DROP INDEX ledger_entries_seq_key`);
    await q.query(`ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_seq_key UNIQUE (seq)`);
  }
}
