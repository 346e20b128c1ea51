import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { HASH_BYTES } from './merkle';
import { MerkleFrontier } from './merkle-frontier';
import { PageTree } from './page-tree';

const leavesOf = (n: number) => Array.from({ length: n }, () => randomBytes(HASH_BYTES));

describe('PageTree', () => {
  it('appended by subtrees, gives the same root at every size as appending leaf by leaf', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 70 }),
        (before, pageSize) => {
          const earlier = leavesOf(before);
          const page = leavesOf(pageSize);
          const oneByOne = MerkleFrontier.empty();
          const bySubtrees = MerkleFrontier.empty();
          for (const leaf of earlier) {
            oneByOne.append(leaf);
            bySubtrees.append(leaf);
          }
          const tree = PageTree.build(Buffer.concat(page));
          // Stops at every size, as checkpoints inside the page would ask for.
          for (let i = 0; i < pageSize; i++) {
            oneByOne.append(page[i] as Buffer);
            tree.appendTo(bySubtrees, before, before + i + 1);
            expect(bySubtrees.size).toBe(oneByOne.size);
            expect(bySubtrees.root().equals(oneByOne.root())).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('goes to a size straight, through its largest aligned subtrees', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }).map((k) => k * 64),
        fc.integer({ min: 1, max: 200 }),
        fc.nat(),
        (before, pageSize, cut) => {
          const leaves = leavesOf(before + pageSize);
          const oneByOne = MerkleFrontier.empty();
          const bySubtrees = MerkleFrontier.empty();
          leaves.slice(0, before).forEach((l) => bySubtrees.append(l));
          const tree = PageTree.build(Buffer.concat(leaves.slice(before)));
          const stop = before + 1 + (cut % pageSize);
          tree.appendTo(bySubtrees, before, stop);
          tree.appendTo(bySubtrees, before, before + pageSize);
          leaves.forEach((l) => oneByOne.append(l));
          expect(bySubtrees.root().equals(oneByOne.root())).toBe(true);
          expect(bySubtrees.hashes).toEqual(oneByOne.hashes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds every level: a page of 8 has its leaves, 4, 2 and 1 node', () => {
    const tree = PageTree.build(Buffer.concat(leavesOf(8)));
    expect(tree.hashes.length).toBe((8 + 4 + 2 + 1) * HASH_BYTES);
    expect(tree.topLevel).toBe(3);
    const frontier = MerkleFrontier.empty();
    for (let i = 0; i < 8; i++) frontier.append(tree.node(0, i));
    expect(tree.node(3, 0).equals(frontier.root())).toBe(true);
    expect(() => tree.node(3, 1)).toThrow(RangeError);
    expect(() => tree.node(4, 0)).toThrow(RangeError);
  });

  it('refuses a subtree off its boundary and a range outside the page', () => {
    const frontier = MerkleFrontier.empty();
    frontier.append(randomBytes(HASH_BYTES));
    expect(() => frontier.appendSubtree(1, randomBytes(HASH_BYTES))).toThrow('cannot start');
    const tree = PageTree.build(Buffer.concat(leavesOf(4)));
    expect(() => tree.appendTo(frontier, 1, 6)).toThrow(RangeError);
    expect(() => tree.appendTo(frontier, 2, 3)).toThrow(RangeError);
  });
});
