import { EMPTY_ROOT, nodeHash } from './merkle';

/** A completed perfect subtree: 2^level leaves starting at leaf index × 2^level. */
export interface TreeNode {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * The right edge of the tree (a "compact range" from leaf 0): one perfect subtree root per set bit
 * of the size, largest first. Enough to append and to compute the root in O(log n), so the log's
 * root is kept incrementally instead of being recomputed from every leaf.
 */
export class MerkleFrontier {
  private constructor(
    private treeSize: number,
    private readonly roots: Buffer[],
  ) {}

  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  static restore(size: number, roots: readonly Buffer[]): MerkleFrontier {
    let bits = 0;
    for (let s = size; s > 0; s = Math.floor(s / 2)) bits += s % 2;
    if (bits !== roots.length) {
      throw new Error(`a frontier of size ${size} has ${bits} subtree roots, not ${roots.length}`);
    }
    return new MerkleFrontier(
      size,
      roots.map((r) => Buffer.from(r)),
    );
  }

  get size(): number {
    return this.treeSize;
  }

  get hashes(): readonly Buffer[] {
    return this.roots;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.treeSize, [...this.roots]);
  }

  /** Appends a leaf hash; returns the interior nodes it completed (for proof storage). */
  append(leaf: Buffer): TreeNode[] {
    const completed: TreeNode[] = [];
    let node = leaf;
    let level = 0;
    let index = this.treeSize;
    for (let s = this.treeSize; s % 2 === 1; s = Math.floor(s / 2)) {
      const left = this.roots.pop();
      if (!left) throw new Error('frontier corrupted');
      node = nodeHash(left, node);
      level += 1;
      index = Math.floor(index / 2);
      completed.push({ level, index, hash: node });
    }
    this.roots.push(node);
    this.treeSize += 1;
    return completed;
  }

  /**
   * Appends a perfect subtree of 2^level leaves by its root hash. The size must be a multiple of
   * 2^level: the subtree sits on its own boundary, where RFC 9162's tree places it, and merges
   * with the roots on the edge as its leaves would have one by one.
   */
  appendSubtree(level: number, root: Buffer): void {
    const width = 2 ** level;
    if (!Number.isInteger(level) || level < 0 || this.treeSize % width !== 0) {
      throw new Error(`a subtree of ${width} leaves cannot start at leaf ${this.treeSize}`);
    }
    let node = root;
    for (let s = this.treeSize / width; s % 2 === 1; s = Math.floor(s / 2)) {
      const left = this.roots.pop();
      if (!left) throw new Error('frontier corrupted');
      node = nodeHash(left, node);
    }
    this.roots.push(node);
    this.treeSize += width;
  }

  root(): Buffer {
    const [...lowerFirst] = this.roots;
    let r = lowerFirst.pop();
    if (r === undefined) return EMPTY_ROOT;
    for (const left of lowerFirst.reverse()) r = nodeHash(left, r);
    return r;
  }
}
