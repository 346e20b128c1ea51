import { createHash, hash } from 'node:crypto';

/** RFC 9162 §2.1.1: domain separation so a leaf can never be passed off as an interior node. */
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const HASH_BYTES = 32;
/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT = createHash('sha256').digest();

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** leafHash of a text's UTF-8 bytes in one call: no Buffer or Hash object per leaf. */
export function leafHashOfText(text: string): Buffer {
  return hash('sha256', `\u0000${text}`, 'buffer');
}

/** leafHashOfText as hex, the stored form: compared with the column and written into a page's tree. */
export function leafHashHexOfText(text: string): string {
  return hash('sha256', `\u0000${text}`, 'hex');
}

/** 0x01 ‖ left ‖ right, reused: one-shot hashing of one buffer is ~1.5× faster than a Hash object. */
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES, NODE_PREFIX);

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) {
    return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return hash('sha256', nodeInput, 'buffer');
}

/** nodeHash of two adjacent hashes in one buffer (a level of a page's tree): no view per pair. */
export function nodeHashOfPair(hashes: Buffer, offset: number): Buffer {
  hashes.copy(nodeInput, 1, offset, offset + 2 * HASH_BYTES);
  return hash('sha256', nodeInput, 'buffer');
}

/** RFC 9162's k for a tree of n ≥ 2 leaves: the largest power of two smaller than n. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isOdd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** MTH(D[start:end]); how it is found (stored nodes, recomputation) is the caller's business. */
export type SubtreeHash = (start: number, end: number) => Buffer;

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the audit path of leaf `index` in the tree of `size`. */
export function inclusionProof(index: number, size: number, mth: SubtreeHash): Buffer[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`no leaf ${index} in a tree of size ${size}`);
  }
  const path = (m: number, start: number, end: number): Buffer[] => {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...path(m, start, start + k), mth(start + k, end)]
      : [...path(m - k, start + k, end), mth(start, start + k)];
  };
  return path(index, 0, size);
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): proves the tree of `first` leaves is a prefix of `second`. */
export function consistencyProof(first: number, second: number, mth: SubtreeHash): Buffer[] {
  if (
    !Number.isSafeInteger(first) ||
    !Number.isSafeInteger(second) ||
    first < 0 ||
    first > second
  ) {
    throw new RangeError(`no consistency proof from size ${first} to size ${second}`);
  }
  if (first === 0 || first === second) return [];
  const subproof = (m: number, start: number, end: number, whole: boolean): Buffer[] => {
    const n = end - start;
    if (m === n) return whole ? [] : [mth(start, end)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, start, start + k, whole), mth(start + k, end)]
      : [...subproof(m - k, start + k, end, false), mth(start, start + k)];
  };
  return subproof(first, 0, second, true);
}

const isHash = (b: unknown): b is Uint8Array => b instanceof Uint8Array && b.length === HASH_BYTES;

/** RFC 9162 §2.1.3.2: does `proof` place `leaf` at `index` in the tree whose root is `root`? */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: is the tree with root `firstRoot` a prefix of the one with `secondRoot`? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isHash(firstRoot) || !isHash(secondRoot) || !proof.every(isHash)) return false;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second)) return false;
  if (first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && Buffer.from(firstRoot).equals(secondRoot);
  if (first === 0) return proof.length === 0 && EMPTY_ROOT.equals(firstRoot);
  if (proof.length === 0) return false;
  // When `first` is a power of two its root is itself a node of the larger tree (RFC 9162 step 2).
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [start, ...rest] = path;
  if (!start) return false;
  let fr: Buffer = Buffer.from(start);
  let sr: Buffer = Buffer.from(start);
  for (const c of rest) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

/**
 * The subtrees [start, end) of D[0:size] that hold none of `indexes` and that rootWithLeaves
 * takes whole: what must be loaded before it can run. Hashes nothing.
 */
export function subtreesAround(
  size: number,
  leaves: ReadonlyMap<number, Buffer>,
): [number, number][] {
  const ranges: [number, number][] = [];
  const none = Buffer.alloc(0);
  rootWithLeaves(
    size,
    leaves,
    (start, end) => (ranges.push([start, end]), none),
    () => none,
  );
  return ranges;
}

/**
 * MTH(D[0:size]) from some of its leaves, given (recomputed from their entries), and `mth` for
 * every subtree that holds none of them. When the result equals a signed root, each given leaf
 * sits at its index in the signed tree: one multi-leaf proof (the shared upper nodes hashed
 * once) in place of an audit path per leaf.
 */
export function rootWithLeaves(
  size: number,
  leaves: ReadonlyMap<number, Buffer>,
  mth: SubtreeHash,
  combine: (left: Buffer, right: Buffer) => Buffer = nodeHash,
): Buffer {
  const indexes = [...leaves.keys()].sort((a, b) => a - b);
  if (indexes.some((i) => !Number.isSafeInteger(i) || i < 0 || i >= size)) {
    throw new RangeError(`a leaf lies outside the tree of size ${size}`);
  }
  // First index in indexes[lo, hi) at or after `value`.
  const lowerBound = (value: number, lo: number, hi: number): number => {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((indexes[mid] ?? Infinity) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const subtree = (start: number, end: number, lo: number, hi: number): Buffer => {
    if (lo === hi) return mth(start, end);
    if (end - start === 1) {
      const leaf = leaves.get(start);
      if (!leaf) throw new RangeError(`no leaf ${start}`);
      return leaf;
    }
    const k = splitPoint(end - start);
    const mid = lowerBound(start + k, lo, hi);
    return combine(subtree(start, start + k, lo, mid), subtree(start + k, end, mid, hi));
  };
  return size === 0 ? EMPTY_ROOT : subtree(0, size, 0, indexes.length);
}
