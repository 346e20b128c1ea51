import type { EntryRow } from '../entry/entry-columns';
import { storedEntryOf } from '../entry/entry-columns';
import { GENESIS_PREV_HASH, entryLeafHash } from '../entry/ledger-entry';
import { openCheckpoint } from '../checkpoint/signed-note';
import { MerkleFrontier } from '../merkle/merkle-frontier';

export interface VerificationReport {
  ok: boolean;
  checkedEntries: number;
  checkedCheckpoints: number;
  /** The first sequence number that cannot be trusted; null when the fault is not in an entry. */
  firstInvalidSeq: number | null;
  reason: string | null;
}

export interface CheckpointRow {
  treeSize: number;
  root: Buffer;
  issuedAt: Date;
  note: string;
}

class Failure extends Error {
  constructor(
    readonly seq: number | null,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Replays the ledger in sequence order and checks everything that can be checked without trusting
 * the database: gapless numbering, the hash chain, each leaf hash against the entry's columns, the
 * Merkle root at every signed checkpoint (signature under the pinned key, strictly increasing
 * time), the head, and optionally a checkpoint the auditor kept from an earlier visit.
 */
export class LedgerAudit {
  private readonly frontier = MerkleFrontier.empty();
  private prevHash = GENESIS_PREV_HASH;
  private checkpoints = 0;
  private lastCheckpointSize = 0;
  private lastCheckpointTime = -Infinity;
  private failure: Failure | null = null;

  constructor(
    private readonly origin: string,
    private readonly publicKey: Buffer,
    private readonly trusted?: { size: number; root: Buffer },
  ) {}

  get failed(): boolean {
    return this.failure !== null;
  }

  get size(): number {
    return this.frontier.size;
  }

  /** Feeds the next entry; checkpoints of exactly this size must be fed right after it. */
  addEntry(row: EntryRow): void {
    this.guard(() => {
      const expected = this.frontier.size + 1;
      const seq = Number(row.seq);
      if (seq !== expected) {
        throw new Failure(expected, `entry ${expected} is missing (the next stored is ${seq})`);
      }
      const { entry, leafHash } = storedEntryOf(row);
      if (entry.prevHash !== this.prevHash) {
        throw new Failure(seq, `entry ${seq} does not chain onto entry ${seq - 1}`);
      }
      const computed = entryLeafHash(entry);
      if (computed.toString('hex') !== leafHash) {
        throw new Failure(
          seq,
          `entry ${seq} does not match its stored hash (altered after sealing)`,
        );
      }
      this.frontier.append(computed);
      this.prevHash = leafHash;
      if (this.trusted?.size === seq && !this.frontier.root().equals(this.trusted.root)) {
        throw new Failure(
          this.lastCheckpointSize + 1,
          `the ledger's first ${seq} entries differ from your trusted checkpoint (rewritten)`,
        );
      }
    });
  }

  addCheckpoint(checkpoint: CheckpointRow): void {
    this.guard(() => {
      const size = checkpoint.treeSize;
      const opened = openCheckpoint(checkpoint.note, this.origin, this.publicKey);
      if (!opened.ok) throw new Failure(null, `checkpoint at size ${size}: ${opened.reason}`);
      const signed = opened.checkpoint;
      if (signed.size !== size || !signed.root.equals(checkpoint.root)) {
        throw new Failure(null, `checkpoint at size ${size}: the stored row differs from its note`);
      }
      if (signed.time.getTime() <= this.lastCheckpointTime) {
        throw new Failure(
          null,
          `checkpoint at size ${size}: its time is not after the previous one`,
        );
      }
      if (size > this.frontier.size) {
        throw new Failure(
          this.frontier.size + 1,
          `checkpoint at size ${size} signed entries ${this.frontier.size + 1}–${size}, which are missing`,
        );
      }
      if (size !== this.frontier.size) throw new Error('checkpoints must be fed in order');
      if (!this.frontier.root().equals(signed.root)) {
        throw new Failure(
          this.lastCheckpointSize + 1,
          `entries ${this.lastCheckpointSize + 1}–${size} differ from what checkpoint ${size} signed`,
        );
      }
      this.checkpoints += 1;
      this.lastCheckpointSize = size;
      this.lastCheckpointTime = signed.time.getTime();
    });
  }

  /** Closes the replay against the stored head and returns the report. */
  /**
   * The ledger as it is now, after a replay bounded by the head read when it began: entries
   * sealed and checkpoints signed since then must lie within the head as it is now (anything
   * beyond it was put there behind the sequencer's back).
   */
  checkBeyond(now: { head: number; maxSeq: number; maxCheckpoint: number }): void {
    this.guard(() => {
      if (now.maxCheckpoint > now.head) {
        throw new Failure(
          now.head + 1,
          `checkpoint at size ${now.maxCheckpoint} signed entries ${now.head + 1}–${now.maxCheckpoint}, which are missing`,
        );
      }
      if (now.maxSeq > now.head) {
        throw new Failure(
          now.head + 1,
          `the head says ${now.head} entries, the ledger holds ${now.maxSeq}`,
        );
      }
    });
  }

  finish(head?: { size: number; root: Buffer }): VerificationReport {
    this.guard(() => {
      if (this.trusted && this.trusted.size > this.frontier.size) {
        throw new Failure(
          this.frontier.size + 1,
          `your trusted checkpoint covers ${this.trusted.size} entries but the ledger holds ${this.frontier.size} (truncated)`,
        );
      }
      if (head && head.size !== this.frontier.size) {
        throw new Failure(
          Math.min(head.size, this.frontier.size) + 1,
          `the head says ${head.size} entries, the ledger holds ${this.frontier.size}`,
        );
      }
      if (head && !head.root.equals(this.frontier.root())) {
        throw new Failure(null, 'the stored head root does not match the entries');
      }
    });
    return {
      ok: this.failure === null,
      checkedEntries: this.frontier.size,
      checkedCheckpoints: this.checkpoints,
      firstInvalidSeq: this.failure?.seq ?? null,
      reason: this.failure?.message ?? null,
    };
  }

  private guard(check: () => void): void {
    if (this.failure) return;
    try {
      check();
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      this.failure = error;
    }
  }
}
