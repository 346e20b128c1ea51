import { nodeHash, splitPoint, type SubtreeHash } from './merkle';

/** Coordinates of a stored perfect subtree: 2^level leaves from leaf index × 2^level. */
export interface NodeCoordinate {
  level: number;
  index: number;
}

const key = (c: NodeCoordinate) => `${c.level}:${c.index}`;

/** Splits D[start:end] into the perfect, aligned subtrees whose stored hashes make up its MTH. */
export function perfectSubtreesOf(start: number, end: number): NodeCoordinate[] {
  const n = end - start;
  if (n < 1) throw new RangeError(`empty range ${start}..${end}`);
  const level = Math.log2(n);
  if (Number.isInteger(level)) {
    if (start % n !== 0) throw new RangeError(`range ${start}..${end} is not aligned`);
    return [{ level, index: start / n }];
  }
  const k = splitPoint(n);
  return [...perfectSubtreesOf(start, start + k), ...perfectSubtreesOf(start + k, end)];
}

/**
 * Runs a proof construction in two passes: the first only collects which stored nodes it needs,
 * then `load` fetches them in one go, then the second builds the proof from them.
 */
export async function withStoredSubtrees<T>(
  build: (mth: SubtreeHash) => T,
  load: (needed: NodeCoordinate[]) => Promise<Map<string, Buffer>>,
): Promise<T> {
  const needed = new Map<string, NodeCoordinate>();
  const placeholder = Buffer.alloc(32);
  build((start, end) => {
    for (const c of perfectSubtreesOf(start, end)) needed.set(key(c), c);
    return placeholder;
  });
  const stored = await load([...needed.values()]);
  return build(storedSubtreeHash(stored));
}

/**
 * Something a proof needs (a tree node, a leaf hash, an entry's row) is not in the store: a
 * damaged or truncated store, which a verification reports as tampering. Any other failure (the
 * database unreachable, a bug) is not evidence of tampering and is thrown as it is.
 */
export class MissingTreeNodeError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'MissingTreeNodeError';
  }
}

/** MTH(D[start:end]) from stored perfect subtrees (those perfectSubtreesOf names), keyed by nodeKey. */
export function storedSubtreeHash(stored: ReadonlyMap<string, Buffer>): SubtreeHash {
  const hashOf = (start: number, end: number): Buffer => {
    const n = end - start;
    if (Number.isInteger(Math.log2(n))) {
      const found = stored.get(key({ level: Math.log2(n), index: start / n }));
      if (!found)
        throw new MissingTreeNodeError(`tree node for leaves ${start}..${end} is missing`);
      return found;
    }
    const k = splitPoint(n);
    return nodeHash(hashOf(start, start + k), hashOf(start + k, end));
  };
  return hashOf;
}

export const nodeKey = key;
