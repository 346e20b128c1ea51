import type { Client } from 'pg';
import { ENTRY_BULK, sealedEntryOf, type BulkEntryTuple } from '../entry/entry-columns';
import { canonicalTimestamp, entryLeafHash } from '../entry/ledger-entry';
import type { TreeNode } from '../merkle/merkle-frontier';
import type { LedgerHead } from './ledger-head';

/** SQLSTATE raised by ledger_seal when the head is not where this sequencer left it. */
export const HEAD_MOVED = 'DL001';

/**
 * Whether any committed intake row waits: one round trip, where an empty sealBatch takes four
 * (its transaction, the SELECT, the settings, the rollback). The idle sequencer asks this every
 * IDLE_POLL_MS; in index order with LIMIT 1 it reads the intake index's first live entry.
 */
export async function intakeWaiting(client: Client): Promise<boolean> {
  const { rowCount } = await client.query(
    'SELECT 1 FROM ledger_entries e WHERE e.seq IS NULL ORDER BY e.recorded_at, e.id LIMIT 1',
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Seals up to `limit` committed intake rows in one transaction: numbers them after the head,
 * chains each to the one before, hashes every stored column, and moves the head (compare-and-set
 * on its size, inside ledger_seal). Returns the new head, or the same one when nothing waited.
 */
export async function sealBatch(
  client: Client,
  head: LedgerHead,
  limit: number,
): Promise<LedgerHead> {
  // The intake index keeps an entry for every sealed row until VACUUM reaches it (sealing moves
  // the row out of the partial index). A bitmap scan, which the planner prefers for the few rows
  // it expects, visits each such row's heap page on every batch: 220 ms a batch with 800,000 of
  // them, where the index scan in order marks them dead once and skips them after (15 ms).
  // Both settings hold for this SELECT only: ledger_seal runs with them on (its own SET clauses,
  // migration 1765060000000), which spares a round trip to put them back.
  await client.query('BEGIN; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off');
  try {
    // Order among waiting rows is the sequencer's own; intake ids never become sequence numbers.
    // In bulk form (PostgreSQL's own text output, rows as arrays): cheaper for both sides than
    // to_char and an object per row, on the path every append takes.
    const { rows: tuples } = await client.query<BulkEntryTuple>({
      text: `SELECT ${ENTRY_BULK} FROM ledger_entries e WHERE e.seq IS NULL
        ORDER BY e.recorded_at, e.id LIMIT $1`,
      values: [limit],
      rowMode: 'array',
    });
    if (tuples.length === 0) {
      await client.query('ROLLBACK');
      return head;
    }
    const sequencedAt = canonicalTimestamp(new Date());
    const frontier = head.frontier.clone();
    const prevHashes: Buffer[] = [];
    const leafHashes: Buffer[] = [];
    const nodes: TreeNode[] = [];
    let prev = head.lastHash;
    tuples.forEach((tuple, i) => {
      const leaf = entryLeafHash(
        sealedEntryOf(tuple, head.size + i + 1, sequencedAt, prev.toString('hex')),
      );
      prevHashes.push(prev);
      leafHashes.push(leaf);
      nodes.push(...frontier.append(leaf));
      prev = leaf;
    });
    await client.query(
      `SELECT ledger_seal($1, $2::uuid[], $3::bytea[], $4::bytea[], $5, $6::smallint[],
                          $7::bigint[], $8::bytea[], $9::bytea[], $10)`,
      [
        head.size,
        tuples.map((t) => t[0]),
        prevHashes,
        leafHashes,
        sequencedAt,
        nodes.map((n) => n.level),
        nodes.map((n) => n.index),
        nodes.map((n) => n.hash),
        [...frontier.hashes],
        frontier.root(),
      ],
    );
    await client.query('COMMIT');
    return { size: head.size + tuples.length, lastHash: prev, frontier };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
