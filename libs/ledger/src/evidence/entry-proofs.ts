import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, NotFoundError } from '@daicho/platform';
import { storedEntryOf, type EntryRow } from '../entry/entry-columns';
import { openCheckpoint } from '../checkpoint/signed-note';
import { rootWithLeaves, subtreesAround, verifyInclusion } from '../merkle/merkle';
import {
  MissingTreeNodeError,
  perfectSubtreesOf,
  storedSubtreeHash,
} from '../merkle/subtree-resolver';
import { entryLeafHash, type StoredEntry } from '../entry/ledger-entry';
import { LedgerKeys } from '../keys/ledger-keys';
import { LedgerProofs, type InclusionProofResult } from '../reading/ledger-proofs';
import { LedgerStore } from '../reading/ledger-store';
import type { CheckpointRow } from '../verification/ledger-audit';

/** What `node tools/verify-ledger.js --entries FILE --public-key KEY` checks offline. */
export const ENTRY_PROOFS_FORMAT = 'daicho-entry-proofs/1';

/** One entry and what ties it to the signed tree. */
export interface EntryProof {
  seq: number;
  /** The leaf's position in the RFC 9162 tree: always seq − 1 (sequence numbers are gapless). */
  leafIndex: number;
  /** Hex SHA-256(0x00 ‖ canonical entry), RFC 9162 §2.1.1: the verifier recomputes it. */
  leafHash: string;
  /**
   * Every stored column as an evidence bundle's entries.jsonl line holds it, leaf hash aside: its
   * RFC 8785 canonical form (with `"format": 1`) is what the leaf hash covers.
   */
  entry: StoredEntry;
  /** RFC 9162 §2.1.3.1 PATH(leafIndex, D[treeSize]), hex, from the leaf's sibling up. */
  auditPath: string[];
}

/**
 * Ledger entries with their inclusion proofs against one signed checkpoint, self-contained, so a
 * person can check each entry offline with the ledger's public key and nothing from us.
 */
export interface EntryProofDocument {
  format: typeof ENTRY_PROOFS_FORMAT;
  origin: string;
  /** The C2SP signed note, byte for byte as signed and stored. */
  checkpoint: string;
  /** The size and root (hex) the note signs, written out for the reader; the verifier compares. */
  treeSize: number;
  rootHash: string;
  entries: EntryProof[];
}

/** What verifyEntries found: the tree checked against and the entries that fail. */
export interface EntryVerification {
  treeSize: number;
  /** Entries of the signed tree absent from the store (deleted rows): none in a sound ledger. */
  missing: number;
  failed: { seq: number; reason: string }[];
}

export interface EntryProofOptions {
  /**
   * Prove against the checkpoint of this size (e.g. the one a letter already prints) instead of
   * the latest one.
   */
  treeSize?: number;
}

type SealedCheckpoint = Pick<CheckpointRow, 'treeSize' | 'root' | 'note'>;

/** Assembles the document from what the store gave; pure, so it is tested without a database. */
export function entryProofDocument(
  origin: string,
  checkpoint: SealedCheckpoint,
  proofs: readonly Omit<InclusionProofResult, 'rootHash'>[],
  entries: ReadonlyMap<number, StoredEntry>,
): EntryProofDocument {
  return {
    format: ENTRY_PROOFS_FORMAT,
    origin,
    checkpoint: checkpoint.note,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.root.toString('hex'),
    entries: proofs.map((proof) => {
      const entry = entries.get(proof.seq);
      // The proof came from the same sealed rows: a missing entry means a damaged store.
      if (!entry) throw new MissingTreeNodeError(`entry ${proof.seq} has a leaf hash but no row`);
      return {
        seq: proof.seq,
        leafIndex: proof.leafIndex,
        leafHash: proof.leafHash.toString('hex'),
        entry,
        auditPath: proof.hashes.map((h) => h.toString('hex')),
      };
    }),
  };
}

/**
 * Inclusion proofs of chosen entries (a person's accesses, APPI art. 33) against a signed
 * checkpoint. Only what a checkpoint signs can be proven, so an entry newer than the checkpoint is
 * refused rather than listed without proof; checkpoints are signed every second, so the caller
 * tries again shortly, or passes only the entries the checkpoint it prints covers.
 *
 * Reads only sealed rows, which never change once written, so it needs no caller's transaction.
 */
@Injectable()
export class EntryProofs {
  constructor(
    private readonly store: LedgerStore,
    private readonly proofs: LedgerProofs,
    private readonly keys: LedgerKeys,
  ) {}

  async forEntries(
    seqs: readonly number[],
    options: EntryProofOptions = {},
  ): Promise<EntryProofDocument> {
    const bad = seqs.find((seq) => !Number.isSafeInteger(seq) || seq < 1);
    if (bad !== undefined) {
      throw new BadUserInputError(`${bad} is not a ledger sequence number.`, ['seqs']);
    }
    const checkpoint = await this.checkpoint(options.treeSize);
    const wanted = [...new Set(seqs)].sort((a, b) => a - b);
    const newer = wanted.filter((seq) => seq > checkpoint.treeSize);
    if (newer.length > 0) {
      const which =
        newer.length === 1 ? `Entry ${newer.join('')} is` : `Entries ${newer.join(', ')} are`;
      throw new ConflictError(
        `${which} not covered by the signed checkpoint of size ${checkpoint.treeSize}: ` +
          'a checkpoint is signed every second once entries are sealed; try again shortly.',
      );
    }
    const paths = await this.proofs.inclusionMany(wanted, checkpoint.treeSize);
    const rows = wanted.length > 0 ? await this.store.entriesAt(wanted) : [];
    const entries = new Map(
      rows.map((row) => {
        const { entry } = storedEntryOf(row);
        return [entry.seq, entry] as const;
      }),
    );
    return entryProofDocument(this.keys.origin, checkpoint, paths, entries);
  }

  /**
   * Checks chosen entries against the latest signed checkpoint, as the offline verifier would:
   * the checkpoint's signature, each entry's stored columns re-hashed to its leaf (RFC 9162
   * §2.1.1), and the signed root recomputed from those leaves and the stored subtrees around
   * them — one multi-leaf proof. Also counts the entries of the signed tree that are gone from the
   * store (a deleted row leaves a gap). Returns the entries that fail, each with why; empty when
   * all hold. For a computation that may rest only on entries that verify (an incident's scope).
   */
  async verifyEntries(seqs: readonly number[]): Promise<EntryVerification> {
    const bad = seqs.find((seq) => !Number.isSafeInteger(seq) || seq < 1);
    if (bad !== undefined) {
      throw new BadUserInputError(`${bad} is not a ledger sequence number.`, ['seqs']);
    }
    const wanted = [...new Set(seqs)].sort((a, b) => a - b);
    const rows = await this.store.entriesAtInBulk(wanted);
    const verified = await this.verifyRows(rows);
    const read = new Set(rows.map((r) => Number(r.seq)));
    const gone = wanted
      .filter((seq) => !read.has(seq))
      .map((seq) => ({ seq, reason: 'it is gone from the store' }));
    return { ...verified, failed: [...gone, ...verified.failed] };
  }

  /**
   * The same for entries the caller already read (`selectSealedEntries`): exactly the columns it
   * goes on to rely on are the ones re-hashed, in its own transaction's snapshot, with no second
   * read of the rows.
   */
  async verifyRows(rows: readonly EntryRow[]): Promise<EntryVerification> {
    const checkpoint = await this.checkpoint(undefined);
    const size = checkpoint.treeSize;
    const newer = rows.filter((row) => row.seq === null || Number(row.seq) > size);
    if (newer.length > 0) {
      throw new ConflictError(
        `${newer.length} entr${newer.length === 1 ? 'y is' : 'ies are'} not covered by the signed checkpoint of size ${size} yet: try again shortly.`,
      );
    }
    // The gap count scans the sequence index; it runs beside the rest, on a connection of its own.
    const missingCount = this.store.missingUpTo(size);
    missingCount.catch(() => undefined);
    const seqs = rows.map((row) => Number(row.seq));
    const opened = openCheckpoint(checkpoint.note, this.keys.origin, this.keys.publicKey);
    if (!opened.ok || opened.checkpoint.size !== size) {
      const reason = 'the checkpoint does not verify';
      const failed = seqs.map((seq) => ({ seq, reason }));
      return { treeSize: size, missing: await missingCount, failed };
    }
    const leaves = new Map<number, Buffer>();
    for (const row of rows) {
      const { entry } = storedEntryOf(row);
      leaves.set(entry.seq - 1, entryLeafHash(entry));
    }
    // Two rows claiming one number (the unique index dropped): one of them is forged, and a map
    // of leaves would silently keep only the last. Refuse every row of such a number.
    if (leaves.size !== rows.length) {
      const seen = new Set<number>();
      const doubled = new Set(seqs.filter((seq) => seen.has(seq) || !seen.add(seq)));
      const reason = 'two stored rows claim its sequence number (one is forged)';
      const failed = [...doubled].map((seq) => ({ seq, reason }));
      return { treeSize: size, missing: await missingCount, failed };
    }
    // What lies around the leaves is loaded first (no hashing), then the root computed once.
    const around = subtreesAround(size, leaves).flatMap(([start, end]) =>
      perfectSubtreesOf(start, end),
    );
    const stored = await this.store.nodes(around);
    let root: Buffer | null;
    try {
      root = rootWithLeaves(size, leaves, storedSubtreeHash(stored));
    } catch (error) {
      if (!(error instanceof MissingTreeNodeError)) throw error;
      root = null; // a stored node around the leaves is gone: tampering, named below
    }
    const missing = await missingCount;
    if (root?.equals(opened.checkpoint.root)) return { treeSize: size, missing, failed: [] };
    // Something does not hold: find which entries, one audit path each (the slow, rare path).
    const sorted = [...new Set(seqs)].sort((a, b) => a - b);
    const failed = await this.whichFail(sorted, size).catch((error: unknown) => {
      // The proofs themselves cannot be built: stored nodes or rows are gone. Any other failure
      // says nothing about the entries and fails the check instead of naming them tampered.
      if (!(error instanceof MissingTreeNodeError)) throw error;
      return sorted.map((seq) => ({
        seq,
        reason: 'the stored tree around it is incomplete (tampered)',
      }));
    });
    return { treeSize: size, missing, failed };
  }

  /** Each entry's columns against its stored leaf and its audit path against the signed root. */
  private async whichFail(seqs: readonly number[], treeSize: number) {
    const document = await this.forEntries(seqs, { treeSize });
    const opened = openCheckpoint(document.checkpoint, this.keys.origin, this.keys.publicKey);
    const root = opened.ok ? opened.checkpoint.root : Buffer.alloc(0);
    const failed: { seq: number; reason: string }[] = [];
    for (const proof of document.entries) {
      const leaf = entryLeafHash(proof.entry);
      if (leaf.toString('hex') !== proof.leafHash) {
        failed.push({ seq: proof.seq, reason: 'its columns do not hash to its leaf (altered)' });
      } else if (
        !verifyInclusion(
          leaf,
          proof.leafIndex,
          treeSize,
          proof.auditPath.map((h) => Buffer.from(h, 'hex')),
          root,
        )
      ) {
        failed.push({ seq: proof.seq, reason: 'it is not in the signed tree' });
      }
    }
    // The leaves all hold but the root did not: the stored tree around them was altered.
    if (failed.length === 0 && seqs[0] !== undefined) {
      failed.push({
        seq: seqs[0],
        reason: 'the stored tree around it does not give the signed root',
      });
    }
    return failed;
  }

  private async checkpoint(treeSize: number | undefined): Promise<CheckpointRow> {
    if (treeSize === undefined) {
      const latest = await this.store.latestCheckpoint();
      if (!latest) {
        throw new ConflictError(
          'The ledger has signed no checkpoint yet; one is signed within a second of the first entry: try again shortly.',
        );
      }
      return latest;
    }
    if (!Number.isSafeInteger(treeSize) || treeSize < 1) {
      throw new BadUserInputError('A tree size must be a positive integer.', ['treeSize']);
    }
    const pinned = await this.store.checkpointAt(treeSize);
    if (!pinned) throw new NotFoundError(`No signed checkpoint has tree size ${treeSize}.`);
    return pinned;
  }
}
