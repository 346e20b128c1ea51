import { ENTRY_BULK, canonicalTextOfTuple, type BulkEntryTuple } from '../entry/entry-columns';
import { HASH_BYTES, leafHashHexOfText } from '../merkle/merkle';
import { PageTree } from '../merkle/page-tree';

/** One page of the sealed ledger, read in bulk form (see LedgerStore.entryTuples). */
export const ENTRY_PAGE_SQL = `SELECT ${ENTRY_BULK} FROM ledger_entries e WHERE e.seq BETWEEN $1 AND $2 ORDER BY e.seq`;

/** The first entry of a page that cannot be trusted, by what is wrong with it. */
export interface EntryFault {
  seq: number;
  reason: string;
}

/**
 * What a page of entries proved on its own: its recomputed leaf hashes with every perfect subtree
 * over them (PageTree, for the Merkle replay), and the first fault among the checks that need
 * nothing outside the page. Whether its first entry follows the page before (number and chain)
 * is for the replay to check.
 */
export interface CheckedPage {
  /** Sequence number and previous-hash column of its first row; null for an empty page. */
  firstSeq: number | null;
  firstPrevHash: string | null;
  /** How many rows, from the first, were checked good (all of them without a fault). */
  good: number;
  /** PageTree hashes over the good rows' recomputed leaf hashes (a transferable buffer). */
  tree: Uint8Array;
  fault: EntryFault | null;
}

/**
 * Recomputes every leaf hash of a page from the entries' columns and checks, within the page,
 * gapless numbering, the hash chain and each stored leaf hash, in the order LedgerAudit reports
 * them; then hashes the good leaves' subtrees. Pure: the verifier runs it in worker threads or in
 * the request's own.
 */
export function checkEntryPage(rows: readonly BulkEntryTuple[]): CheckedPage {
  const leaves = Buffer.alloc(rows.length * HASH_BYTES);
  const first = rows[0];
  const checked = (good: number, fault: EntryFault | null): CheckedPage => ({
    firstSeq: first ? Number(first[17]) : null,
    firstPrevHash: first?.[18] ?? null,
    good,
    tree: PageTree.build(leaves.subarray(0, good * HASH_BYTES)).hashes,
    fault,
  });
  let prevSeq = 0;
  let prevLeaf = '';
  for (let index = 0; index < rows.length; index++) {
    const tuple = rows[index] as BulkEntryTuple;
    const text = canonicalTextOr(tuple);
    const seq = Number(tuple[17]);
    if (index > 0) {
      const expected = prevSeq + 1;
      if (seq !== expected) {
        return checked(index, {
          seq: expected,
          reason: `entry ${expected} is missing (the next stored is ${seq})`,
        });
      }
      if (tuple[18] !== prevLeaf) {
        return checked(index, { seq, reason: `entry ${seq} does not chain onto entry ${seq - 1}` });
      }
    }
    if (text === null) {
      return checked(index, {
        seq,
        reason: `entry ${seq} has no canonical form (a value JSON cannot hold: altered after sealing)`,
      });
    }
    const hex = leafHashHexOfText(text);
    if (hex !== tuple[19]) {
      return checked(index, {
        seq,
        reason: `entry ${seq} does not match its stored hash (altered after sealing)`,
      });
    }
    leaves.write(hex, index * HASH_BYTES, 'hex');
    prevSeq = seq;
    prevLeaf = hex;
  }
  return checked(rows.length, null);
}

/** The entry's canonical text; null where a stored value has none (details of 1e400, say). */
function canonicalTextOr(tuple: BulkEntryTuple): string | null {
  try {
    return canonicalTextOfTuple(tuple);
  } catch {
    return null;
  }
}
