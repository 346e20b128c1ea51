import { GENESIS_PREV_HASH } from '../entry/ledger-entry';
import { openStoredCheckpoint } from '../checkpoint/signed-note';
import { MerkleFrontier } from '../merkle/merkle-frontier';
import { PageTree } from '../merkle/page-tree';
import type { CheckedPage } from './entry-page';

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

  /**
   * Feeds the next page of entries (checked on its own by checkEntryPage) with the checkpoints
   * signed at sizes within it, each fed right after the entry that completes it. An empty page
   * adds nothing: the next stored entry, or the head in finish(), tells what is missing.
   */
  addPage(page: CheckedPage, checkpoints: readonly CheckpointRow[]): void {
    let due = 0;
    this.guard(() => {
      if (page.firstSeq === null) return;
      const expected = this.frontier.size + 1;
      if (page.firstSeq !== expected) {
        throw new Failure(
          expected,
          `entry ${expected} is missing (the next stored is ${page.firstSeq})`,
        );
      }
      if (page.firstPrevHash !== this.prevHash) {
        throw new Failure(expected, `entry ${expected} does not chain onto entry ${expected - 1}`);
      }
      // Appended by subtrees up to each size something is checked at (the trusted checkpoint,
      // then each signed checkpoint), then to the last good entry.
      const tree = new PageTree(page.tree, page.good);
      const start = this.frontier.size;
      const end = start + page.good;
      const trusted =
        this.trusted && this.trusted.size > start && this.trusted.size <= end ? this.trusted : null;
      const appendTo = (size: number) => {
        if (trusted && trusted.size > this.frontier.size && trusted.size <= size) {
          tree.appendTo(this.frontier, start, trusted.size);
          if (!this.frontier.root().equals(trusted.root)) {
            throw new Failure(
              this.lastCheckpointSize + 1,
              `the ledger's first ${trusted.size} entries differ from your trusted checkpoint (rewritten)`,
            );
          }
        }
        tree.appendTo(this.frontier, start, size);
      };
      for (let c = checkpoints[due]; c && c.treeSize <= end; c = checkpoints[due]) {
        due++;
        appendTo(Math.max(c.treeSize, this.frontier.size));
        this.addCheckpoint(c);
        if (this.failure) return;
      }
      appendTo(end);
      if (page.good > 0) this.prevHash = tree.node(0, page.good - 1).toString('hex');
      if (page.fault) throw new Failure(page.fault.seq, page.fault.reason);
    });
  }

  addCheckpoint(checkpoint: CheckpointRow): void {
    this.guard(() => {
      const size = checkpoint.treeSize;
      const opened = openStoredCheckpoint(checkpoint, this.origin, this.publicKey);
      if (!opened.ok) throw new Failure(null, `checkpoint at size ${size}: ${opened.reason}`);
      const signed = opened.checkpoint;
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

  /** How the entries' table was altered behind the migrations (LedgerStore.alteredEntryTable). */
  checkTable(altered: readonly string[]): void {
    this.guard(() => {
      if (altered.length > 0) {
        throw new Failure(null, `the ledger's table was altered: ${altered.join('; ')}`);
      }
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
