import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ledgerEntries` filters by category, purpose, action and outcome; a value that is rare or
 * absent after the cursor made PostgreSQL walk the sequence index to the ledger's end (160 ms at
 * a million entries, seconds at ten million: bench/growth.bench.ts). Each filter gets an index
 * ordered by seq; the action and outcome ones hold only the rare values (everything but READ,
 * everything but ALLOWED), where the walk along seq is slow. All of them, and now the actor's,
 * cover sealed entries only: an intake INSERT writes none of them, the seal writes each once.
 */
export class LedgerFilterIndexes1764980000000 implements MigrationInterface {
  name = 'LedgerFilterIndexes1764980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP INDEX ledger_entries_actor_idx`);
    await q.query(`CREATE INDEX ledger_entries_actor_idx ON ledger_entries (actor_id, seq)
                     WHERE seq IS NOT NULL`);
    await q.query(`CREATE INDEX ledger_entries_category_idx ON ledger_entries (category_code, seq)
                     WHERE seq IS NOT NULL AND category_code IS NOT NULL`);
    await q.query(`CREATE INDEX ledger_entries_purpose_idx ON ledger_entries (purpose_code, seq)
                     WHERE seq IS NOT NULL AND purpose_code IS NOT NULL`);
    // Whether an actor used a purpose before (the access report's "new purpose" anomaly): one
    // probe per pair instead of a walk over the actor's whole history.
    await q.query(`CREATE INDEX ledger_entries_actor_purpose_idx
                     ON ledger_entries (actor_id, purpose_code, seq)
                     WHERE seq IS NOT NULL AND purpose_code IS NOT NULL`);
    await q.query(`CREATE INDEX ledger_entries_action_idx ON ledger_entries (action, seq)
                     WHERE seq IS NOT NULL AND action <> 'READ'`);
    await q.query(`CREATE INDEX ledger_entries_outcome_idx ON ledger_entries (outcome, seq)
                     WHERE seq IS NOT NULL AND outcome <> 'ALLOWED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    for (const name of ['category', 'purpose', 'actor_purpose', 'action', 'outcome'])
      await q.query(`DROP INDEX ledger_entries_${name}_idx`);
    await q.query(`DROP INDEX ledger_entries_actor_idx`);
    await q.query(`CREATE INDEX ledger_entries_actor_idx ON ledger_entries (actor_id, seq)`);
  }
}
