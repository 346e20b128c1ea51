import { ENTRY_BULK, sealedEntryOfTuple, type BulkEntryTuple } from '../entry/entry-columns';
import { entryLeafHash } from '../entry/ledger-entry';
import { HASH_BYTES } from '../merkle/merkle';

/** One page of the sealed ledger, read in bulk form (see LedgerStore.entryTuples). */
export const ENTRY_PAGE_SQL = `SELECT ${ENTRY_BULK} FROM ledger_entries e WHERE e.seq BETWEEN $1 AND $2 ORDER BY e.seq`;

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
  /** Sequence number and previous-hash column of its first row; null for an empty page. */
  firstSeq: number | null;
  firstPrevHash: string | null;
  /** Recomputed leaf hashes (32 bytes each) of the rows before the fault, or of every row. */
  leaves: Uint8Array;
  fault: EntryFault | null;
}

/**
 * Recomputes every leaf hash of a page from the entries' columns and checks, within the page,
 * gapless numbering, the hash chain and each stored leaf hash, in the order LedgerAudit reports
 * them. Pure: the verifier runs it in worker threads or in the request's own.
 */
export function checkEntryPage(rows: readonly BulkEntryTuple[]): CheckedPage {
  const leaves = new Uint8Array(rows.length * HASH_BYTES);
  const first = rows[0];
  const checked = (good: number, fault: EntryFault | null): CheckedPage => ({
    firstSeq: first ? Number(first[17]) : null,
    firstPrevHash: first?.[18] ?? null,
    leaves: leaves.subarray(0, good * HASH_BYTES),
    fault,
  });
  let prevSeq = 0;
  let prevLeaf = '';
  for (const [index, tuple] of rows.entries()) {
    const { entry, leafHash } = sealedEntryOfTuple(tuple);
    const seq = entry.seq;
    if (index > 0) {
      const expected = prevSeq + 1;
      if (seq !== expected) {
        return checked(index, {
          seq: expected,
          reason: `entry ${expected} is missing (the next stored is ${seq})`,
        });
      }
      if (entry.prevHash !== prevLeaf) {
        return checked(index, { seq, reason: `entry ${seq} does not chain onto entry ${seq - 1}` });
      }
    }
    const computed = entryLeafHash(entry);
    const hex = computed.toString('hex');
    if (hex !== leafHash) {
      return checked(index, {
        seq,
        reason: `entry ${seq} does not match its stored hash (altered after sealing)`,
      });
    }
    leaves.set(computed, index * HASH_BYTES);
    prevSeq = seq;
    prevLeaf = hex;
  }
  return checked(rows.length, null);
}
