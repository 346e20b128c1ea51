import { HASH_BYTES } from '../merkle/merkle';
import { PageTree } from '../merkle/page-tree';
import { leafHashOf, visitCopiedEntries } from './entry-copy';

/** Leaves a page's check makes room for at first: the verifier's page (it grows past it). */
const PAGE_HINT = 8_192;

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
 * Recomputes every leaf hash of a page (a binary COPY of its entries, entry-copy.ts) from the
 * entries' columns and checks, within the page, gapless numbering, the hash chain and each stored
 * leaf hash, in the order LedgerAudit reports them; then hashes the good leaves' subtrees. Pure:
 * the verifier runs it in worker threads or in the request's own.
 */
export function checkEntryPage(copy: Buffer): CheckedPage {
  let leaves = Buffer.alloc(PAGE_HINT * HASH_BYTES);
  let firstSeq: number | null = null;
  let firstPrevHash: string | null = null;
  let good = 0;
  let fault: EntryFault | null = null;
  let prevSeq = 0;
  let prevLeaf: Buffer | null = null;
  visitCopiedEntries(copy, (entry, index) => {
    const seq = entry.seq;
    const [prevStart, prevEnd] = entry.prevHash;
    if (index === 0) {
      firstSeq = seq;
      firstPrevHash = prevStart === -1 ? null : copy.toString('hex', prevStart, prevEnd);
    } else {
      const expected = prevSeq + 1;
      if (seq !== expected) {
        fault = {
          seq: expected,
          reason: `entry ${expected} is missing (the next stored is ${seq})`,
        };
        return false;
      }
      if (
        prevStart === -1 ||
        copy.compare(prevLeaf as Buffer, 0, HASH_BYTES, prevStart, prevEnd) !== 0
      ) {
        fault = { seq, reason: `entry ${seq} does not chain onto entry ${seq - 1}` };
        return false;
      }
    }
    if (entry.leafInput === null) {
      fault = {
        seq,
        reason: `entry ${seq} has no canonical form (a value JSON cannot hold: altered after sealing)`,
      };
      return false;
    }
    const leaf = leafHashOf(entry.leafInput);
    const [leafStart, leafEnd] = entry.leafHash;
    if (leafStart === -1 || leaf.compare(copy, leafStart, leafEnd) !== 0) {
      fault = {
        seq,
        reason: `entry ${seq} does not match its stored hash (altered after sealing)`,
      };
      return false;
    }
    if ((index + 1) * HASH_BYTES > leaves.length) {
      const grown = Buffer.alloc(leaves.length * 2);
      leaves.copy(grown);
      leaves = grown;
    }
    leaves.set(leaf, index * HASH_BYTES);
    good = index + 1;
    prevSeq = seq;
    prevLeaf = leaf;
    return true;
  });
  return {
    firstSeq,
    firstPrevHash,
    good,
    tree: PageTree.build(leaves.subarray(0, good * HASH_BYTES)).hashes,
    fault,
  };
}
