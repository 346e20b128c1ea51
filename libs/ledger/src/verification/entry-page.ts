import { ENTRY_BULK, sealedEntryOfTuple, type BulkEntryTuple } from '../entry/entry-columns';
import { entryLeafHash } from '../entry/ledger-entry';

/** One page of the sealed ledger, read in bulk form (see LedgerStore.entryTuples). */
export const ENTRY_PAGE_SQL = `SELECT ${ENTRY_BULK} FROM ledger_entries e WHERE e.seq BETWEEN $1 AND $2 ORDER BY e.seq`;

const HASH_BYTES = 32;

/** The first entry of a page that cannot be trusted, by what is wrong with it. */
export interface EntryFault {
  seq: number;
  reason: string;
}

/**
 * What a page of entries proved on its own: each entry's recomputed leaf hash (for the Merkle
 * replay), and the first fault among the checks that need nothing outside the page. Whether its
 * first entry follows the page before (number and chain) is for the replay to check.
 */
export interface CheckedPage {
  /** Stored rows in the page, in sequence order. */
  count: number;
  /** Sequence number and previous-hash column of its first row; null for an empty page. */
  firstSeq: number | null;
  firstPrevHash: string | null;
  /** Recomputed leaf hashes of rows 0..count-1 (32 bytes each), up to the fault if any. */
  leaves: Uint8Array;
  /** Index of the faulty row and why; leaves before it are good. */
  fault: (EntryFault & { index: number }) | null;
}

/**
 * Recomputes every leaf hash of a page from the entries' columns and checks, within the page,
 * gapless numbering, the hash chain and each stored leaf hash, in the order LedgerAudit reports
 * them. Pure: the verifier runs it in worker threads or in the request's own.
 */
export function checkEntryPage(rows: readonly BulkEntryTuple[]): CheckedPage {
  const leaves = new Uint8Array(rows.length * HASH_BYTES);
  let prevSeq = 0;
  let prevLeaf = '';
  const faultAt = (index: number, seq: number, reason: string): CheckedPage => ({
    count: rows.length,
    firstSeq: rows[0] ? Number(rows[0][17]) : null,
    firstPrevHash: rows[0]?.[18] ?? null,
    leaves: leaves.subarray(0, index * HASH_BYTES),
    fault: { index, seq, reason },
  });
  for (const [index, tuple] of rows.entries()) {
    const { entry, leafHash } = sealedEntryOfTuple(tuple);
    const seq = entry.seq;
    if (index > 0) {
      const expected = prevSeq + 1;
      if (seq !== expected) {
        return faultAt(index, expected, `entry ${expected} is missing (the next stored is ${seq})`);
      }
      if (entry.prevHash !== prevLeaf) {
        return faultAt(index, seq, `entry ${seq} does not chain onto entry ${seq - 1}`);
      }
    }
    const computed = entryLeafHash(entry);
    const hex = computed.toString('hex');
    if (hex !== leafHash) {
      return faultAt(
        index,
        seq,
        `entry ${seq} does not match its stored hash (altered after sealing)`,
      );
    }
    leaves.set(computed, index * HASH_BYTES);
    prevSeq = seq;
    prevLeaf = hex;
  }
  return {
    count: rows.length,
    firstSeq: rows[0] ? Number(rows[0][17]) : null,
    firstPrevHash: rows[0]?.[18] ?? null,
    leaves,
    fault: null,
  };
}
