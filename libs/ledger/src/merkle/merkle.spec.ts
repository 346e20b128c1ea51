import { createHash } from 'node:crypto';
import {
  EMPTY_ROOT,
  consistencyProof,
  inclusionProof,
  leafHash,
  leafHashOfText,
  rootWithLeaves,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
import { MerkleFrontier, type TreeNode } from './merkle-frontier';
import { nodeKey, withStoredSubtrees } from './subtree-resolver';

/** The element at `i`, which the test knows is there. */
function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`no element ${i}`);
  return item;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');
const joined = (proof: Buffer[]) => proof.map(hex).join(',');

// RFC 6962 reference data (certificate-transparency test vectors): the leaves, the root of each
// tree size 1..8, and the published audit and consistency paths.
const RFC_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((d) => leafHash(unhex(d)));
const RFC_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const RFC_INCLUSION = [
  {
    index: 0,
    size: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const RFC_CONSISTENCY = [
  {
    first: 2,
    second: 8,
    path: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    path: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    first: 2,
    second: 5,
    path: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

/** The RFC's definitions written out directly on an array of leaf hashes (memoised per range). */
function naiveTree(leaves: readonly Buffer[]) {
  const memo = new Map<string, Buffer>();
  const sha = (...parts: Uint8Array[]) => {
    const h = createHash('sha256');
    for (const p of parts) h.update(p);
    return h.digest();
  };
  const mth = (start: number, end: number): Buffer => {
    const id = `${start}-${end}`;
    const cached = memo.get(id);
    if (cached) return cached;
    const n = end - start;
    let k = 1;
    while (k < n) k <<= 1;
    k >>= 1;
    const value =
      n === 0
        ? sha()
        : n === 1
          ? at(leaves, start)
          : sha(Buffer.from([1]), mth(start, start + k), mth(start + k, end));
    memo.set(id, value);
    return value;
  };
  return { mth, root: (n: number) => mth(0, n) };
}

describe('RFC 6962 Merkle tree', () => {
  const reference = naiveTree(RFC_LEAVES);

  it('matches the published roots for sizes 0..8', () => {
    expect(hex(EMPTY_ROOT)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const frontier = MerkleFrontier.empty();
    RFC_LEAVES.forEach((leaf, i) => {
      frontier.append(leaf);
      expect(hex(frontier.root())).toBe(at(RFC_ROOTS, i));
    });
  });

  it('produces and accepts the published audit paths', () => {
    for (const v of RFC_INCLUSION) {
      expect(inclusionProof(v.index, v.size, reference.mth).map(hex)).toEqual(v.path);
      const root = unhex(at(RFC_ROOTS, v.size - 1));
      expect(
        verifyInclusion(at(RFC_LEAVES, v.index), v.index, v.size, v.path.map(unhex), root),
      ).toBe(true);
    }
  });

  it('produces and accepts the published consistency proofs', () => {
    for (const v of RFC_CONSISTENCY) {
      expect(consistencyProof(v.first, v.second, reference.mth).map(hex)).toEqual(v.path);
      expect(
        verifyConsistency(
          v.first,
          v.second,
          unhex(at(RFC_ROOTS, v.first - 1)),
          unhex(at(RFC_ROOTS, v.second - 1)),
          v.path.map(unhex),
        ),
      ).toBe(true);
    }
  });

  describe('every tree size 1..256 against the naive reference', () => {
    const N = 256;
    const leaves = Array.from({ length: N }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const naive = naiveTree(leaves);
    const frontier = MerkleFrontier.empty();
    const stored = new Map<string, Buffer>();
    const roots: Buffer[] = [EMPTY_ROOT];
    for (const leaf of leaves) {
      stored.set(nodeKey({ level: 0, index: frontier.size }), leaf);
      frontier.append(leaf).forEach((n: TreeNode) => stored.set(nodeKey(n), n.hash));
      roots.push(frontier.root());
    }
    const load = (needed: { level: number; index: number }[]) =>
      Promise.resolve(new Map(needed.map((c) => [nodeKey(c), stored.get(nodeKey(c)) as Buffer])));

    it('keeps the same root incrementally as the recursive definition', () => {
      for (let n = 0; n <= N; n++) expect(at(roots, n).equals(naive.root(n))).toBe(true);
    });

    it('restores a frontier from its stored subtree roots', () => {
      const again = MerkleFrontier.empty();
      for (let n = 1; n <= N; n++) {
        again.append(at(leaves, n - 1));
        const restored = MerkleFrontier.restore(n, again.hashes);
        expect(restored.root().equals(at(roots, n))).toBe(true);
      }
      expect(() => MerkleFrontier.restore(3, [EMPTY_ROOT])).toThrow(/2 subtree roots/);
    });

    it('recomputes the root from any set of leaves and the stored subtrees around them', async () => {
      const altered = leafHash(Buffer.from('altered'));
      for (let n = 1; n <= N; n += 7) {
        // Every leaf, none, a strided subset and a single leaf: each must give the signed root.
        const subsets = [
          Array.from({ length: n }, (_, i) => i),
          [],
          Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === 1),
          [n - 1],
        ];
        for (const subset of subsets) {
          const given = new Map(subset.map((i) => [i, at(leaves, i)]));
          const root = await withStoredSubtrees((mth) => rootWithLeaves(n, given, mth), load);
          expect(root.equals(at(roots, n))).toBe(true);
          const [first] = subset;
          if (first === undefined) continue;
          // One altered leaf among them changes the root: the set no longer verifies.
          const tampered = new Map(given).set(first, altered);
          const bad = await withStoredSubtrees((mth) => rootWithLeaves(n, tampered, mth), load);
          expect(bad.equals(at(roots, n))).toBe(false);
        }
      }
      expect(() => rootWithLeaves(4, new Map([[4, altered]]), naive.mth)).toThrow(RangeError);
    });

    it('builds every inclusion proof from stored nodes, and each verifies', async () => {
      for (let n = 1; n <= N; n++) {
        for (let i = 0; i < n; i++) {
          const expected = inclusionProof(i, n, naive.mth);
          const proof = await withStoredSubtrees((mth) => inclusionProof(i, n, mth), load);
          expect(joined(proof)).toBe(joined(expected));
          expect(verifyInclusion(at(leaves, i), i, n, proof, at(roots, n))).toBe(true);
        }
      }
    });

    it('builds every consistency proof from stored nodes, and each verifies', async () => {
      for (let n = 1; n <= N; n++) {
        for (let m = 0; m <= n; m++) {
          const expected = consistencyProof(m, n, naive.mth);
          const proof = await withStoredSubtrees((mth) => consistencyProof(m, n, mth), load);
          expect(joined(proof)).toBe(joined(expected));
          expect(verifyConsistency(m, n, at(roots, m), at(roots, n), proof)).toBe(true);
        }
      }
    });

    it('rejects corrupted inclusion proofs', () => {
      const flip = (b: Buffer) => {
        const c = Buffer.from(b);
        c.writeUInt8(c.readUInt8(0) ^ 1, 0);
        return c;
      };
      for (let n = 2; n <= 64; n++) {
        for (let i = 0; i < n; i++) {
          const proof = inclusionProof(i, n, naive.mth);
          const ok = (leaf: Buffer, idx: number, size: number, p: Buffer[], root: Buffer) =>
            verifyInclusion(leaf, idx, size, p, root);
          expect(ok(at(leaves, i), i, n, proof, at(roots, n))).toBe(true);
          expect(ok(at(leaves, i), (i + 1) % n, n, proof, at(roots, n))).toBe(false); // wrong index
          expect(ok(at(leaves, i), i, n + 1, proof, at(roots, n + 1))).toBe(false); // wrong size
          expect(ok(at(leaves, (i + 1) % n), i, n, proof, at(roots, n))).toBe(false); // wrong leaf
          expect(ok(at(leaves, i), i, n, proof, at(roots, n - 1))).toBe(false); // wrong root
          expect(ok(at(leaves, i), i, n, [...proof, at(leaves, 0)], at(roots, n))).toBe(false); // extra
          expect(ok(at(leaves, i), i, n, proof.slice(0, -1), at(roots, n))).toBe(false); // missing
          expect(
            ok(at(leaves, i), i, n, [flip(at(proof, 0)), ...proof.slice(1)], at(roots, n)),
          ).toBe(false);
          expect(
            ok(
              at(leaves, i),
              i,
              n,
              proof.map((p) => p.subarray(0, 31)),
              at(roots, n),
            ),
          ).toBe(false);
        }
      }
      expect(verifyInclusion(at(leaves, 0), 0, 0, [], EMPTY_ROOT)).toBe(false);
      expect(verifyInclusion(at(leaves, 0), -1, 4, [], at(roots, 4))).toBe(false);
    });

    it('rejects corrupted consistency proofs', () => {
      for (let n = 2; n <= 64; n++) {
        for (let m = 1; m < n; m++) {
          const proof = consistencyProof(m, n, naive.mth);
          const ok = (a: number, b: number, ra: Buffer, rb: Buffer, p: Buffer[]) =>
            verifyConsistency(a, b, ra, rb, p);
          expect(ok(m, n, at(roots, m), at(roots, n), proof)).toBe(true);
          expect(ok(m, n, at(roots, m - 1), at(roots, n), proof)).toBe(false); // wrong first root
          expect(ok(m, n, at(roots, m), at(roots, n - 1), proof)).toBe(false); // wrong second root
          expect(ok(m, n + 1, at(roots, m), at(roots, n + 1), proof)).toBe(false); // wrong size
          expect(ok(m, n, at(roots, m), at(roots, n), [...proof, at(leaves, 0)])).toBe(false); // extra
          expect(ok(m, n, at(roots, m), at(roots, n), proof.slice(0, -1))).toBe(false); // missing
          expect(ok(m, n, at(roots, m), at(roots, n), [])).toBe(false);
        }
      }
      expect(verifyConsistency(4, 4, at(roots, 4), at(roots, 4), [])).toBe(true);
      expect(verifyConsistency(4, 4, at(roots, 4), at(roots, 5), [])).toBe(false);
      expect(verifyConsistency(5, 4, at(roots, 5), at(roots, 4), [])).toBe(false);
      expect(verifyConsistency(0, 4, EMPTY_ROOT, at(roots, 4), [])).toBe(true);
    });
  });
});

describe('leafHashOfText', () => {
  it.each(['', 'ascii', '個人情報', 'emoji 🔒 and \u2028', 'a\u0000b', '{"k":"\\"}'])(
    'hashes the UTF-8 bytes of %j as leafHash does',
    (text) => {
      expect(hex(leafHashOfText(text))).toBe(hex(leafHash(Buffer.from(text, 'utf8'))));
    },
  );

  it('is RFC 6962 leaf hashing (0x00 prefix): the reference leaf of the empty string', () => {
    expect(hex(leafHashOfText(''))).toBe(hex(at(RFC_LEAVES, 0)));
  });
});
