import { HASH_BYTES, nodeHashOfPair } from './merkle';
import type { MerkleFrontier } from './merkle-frontier';

/**
 * Every perfect subtree within a page of consecutive leaves, bottom up in one buffer: level 0 the
 * leaves, level k the hashes of adjacent pairs of level k − 1 (⌊n / 2^k⌋ of them). Built where
 * the page was checked (a verification thread), so the replay appends a page by its subtrees
 * instead of hashing its way up from every leaf in the one thread that keeps the frontier.
 */
export class PageTree {
  private readonly offsets: number[] = [];

  constructor(
    readonly hashes: Uint8Array,
    readonly leafCount: number,
  ) {
    let offset = 0;
    for (let count = leafCount; count > 0; count = Math.floor(count / 2)) {
      this.offsets.push(offset);
      offset += count * HASH_BYTES;
    }
    if (offset !== hashes.length) {
      throw new Error(`a tree of ${leafCount} leaves holds ${offset} bytes, not ${hashes.length}`);
    }
  }

  /** The tree over `leaves` (32 bytes each), in a buffer of its own (transferable). */
  static build(leaves: Uint8Array): PageTree {
    const leafCount = leaves.length / HASH_BYTES;
    let bytes = 0;
    for (let count = leafCount; count > 0; count = Math.floor(count / 2))
      bytes += count * HASH_BYTES;
    // Buffer.alloc, never allocUnsafe: a pooled slice would transfer the whole pool.
    const hashes = Buffer.alloc(bytes);
    hashes.set(leaves);
    let below = 0;
    let offset = leaves.length;
    for (let count = Math.floor(leafCount / 2); count > 0; count = Math.floor(count / 2)) {
      for (let i = 0; i < count; i++) {
        hashes.set(nodeHashOfPair(hashes, below + 2 * i * HASH_BYTES), offset + i * HASH_BYTES);
      }
      below = offset;
      offset += count * HASH_BYTES;
    }
    return new PageTree(hashes, leafCount);
  }

  /** Levels held: 0 (leaves only) up to ⌊log2 n⌋. */
  get topLevel(): number {
    return this.offsets.length - 1;
  }

  /** The root of the subtree of 2^level leaves starting at leaf index × 2^level (a copy). */
  node(level: number, index: number): Buffer {
    const offset = this.offsets[level];
    if (offset === undefined || index < 0 || index >= Math.floor(this.leafCount / 2 ** level)) {
      throw new RangeError(`no node ${index} at level ${level} in a page of ${this.leafCount}`);
    }
    const start = offset + index * HASH_BYTES;
    return Buffer.from(this.hashes.subarray(start, start + HASH_BYTES));
  }

  /**
   * Appends this page's leaves to `frontier` until it holds `size` leaves, `start` being the
   * frontier's size at the page's first leaf: the largest subtree at each step that sits on its
   * own boundary both in the page and in the whole tree (RFC 9162 places subtrees that way), so
   * a page of 2^k leaves on a 2^k boundary goes in as one hash.
   */
  appendTo(frontier: MerkleFrontier, start: number, size: number): void {
    if (size < frontier.size || size > start + this.leafCount || frontier.size < start) {
      throw new RangeError(
        `cannot append leaves ${frontier.size - start}–${size - start} of this page`,
      );
    }
    while (frontier.size < size) {
      const at = frontier.size - start;
      let level = this.topLevel;
      for (; level > 0; level--) {
        const width = 2 ** level;
        if (at % width === 0 && frontier.size % width === 0 && frontier.size + width <= size) break;
      }
      frontier.appendSubtree(level, this.node(level, at / 2 ** level));
    }
  }
}
