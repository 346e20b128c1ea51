import { Injectable } from '@nestjs/common';
import { NotFoundError, BadUserInputError } from '@daicho/platform';
import { EMPTY_ROOT, consistencyProof, inclusionProof } from '../merkle/merkle';
import { MissingTreeNodeError, nodeKey, withStoredSubtrees } from '../merkle/subtree-resolver';
import { LedgerStore } from './ledger-store';

export interface InclusionProofResult {
  seq: number;
  leafIndex: number;
  treeSize: number;
  leafHash: Buffer;
  rootHash: Buffer;
  hashes: Buffer[];
}

export interface ConsistencyProofResult {
  fromSize: number;
  toSize: number;
  fromRoot: Buffer;
  toRoot: Buffer;
  hashes: Buffer[];
}

/** RFC 9162 proofs built from the stored tree nodes (O(log² n) lookups, one query each pass). */
@Injectable()
export class LedgerProofs {
  constructor(private readonly store: LedgerStore) {}

  async inclusion(seq: number, treeSize: number): Promise<InclusionProofResult> {
    await this.assertSealed(treeSize);
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > treeSize) {
      throw new BadUserInputError(`Entry ${seq} is not in a tree of size ${treeSize}.`, ['seq']);
    }
    const load = (needed: Parameters<LedgerStore['nodes']>[0]) => this.store.nodes(needed);
    const hashes = await withStoredSubtrees((mth) => inclusionProof(seq - 1, treeSize, mth), load);
    const [leaf] = (await this.store.nodes([{ level: 0, index: seq - 1 }])).values();
    if (!leaf) throw new MissingTreeNodeError(`no leaf hash stored for entry ${seq}`);
    return {
      seq,
      leafIndex: seq - 1,
      treeSize,
      leafHash: leaf,
      rootHash: await this.rootAt(treeSize),
      hashes,
    };
  }

  /**
   * Inclusion proofs of many entries in one tree (a disclosure lists hundreds): the stored nodes
   * all proofs need are loaded in one query, the leaves in another.
   */
  async inclusionMany(
    seqs: readonly number[],
    treeSize: number,
  ): Promise<Omit<InclusionProofResult, 'rootHash'>[]> {
    await this.assertSealed(treeSize);
    const bad = seqs.find((seq) => !Number.isSafeInteger(seq) || seq < 1 || seq > treeSize);
    if (bad !== undefined) {
      throw new BadUserInputError(`Entry ${bad} is not in a tree of size ${treeSize}.`, ['seq']);
    }
    if (seqs.length === 0) return [];
    const load = (needed: Parameters<LedgerStore['nodes']>[0]) => this.store.nodes(needed);
    const paths = await withStoredSubtrees(
      (mth) => seqs.map((seq) => inclusionProof(seq - 1, treeSize, mth)),
      load,
    );
    const leaves = await this.store.nodes(seqs.map((seq) => ({ level: 0, index: seq - 1 })));
    return seqs.map((seq, i) => {
      const leaf = leaves.get(nodeKey({ level: 0, index: seq - 1 }));
      if (!leaf) throw new MissingTreeNodeError(`no leaf hash stored for entry ${seq}`);
      return { seq, leafIndex: seq - 1, treeSize, leafHash: leaf, hashes: paths[i] ?? [] };
    });
  }

  async consistency(fromSize: number, toSize: number): Promise<ConsistencyProofResult> {
    await this.assertSealed(toSize);
    if (!Number.isSafeInteger(fromSize) || fromSize < 0 || fromSize > toSize) {
      throw new BadUserInputError(`fromSize must be between 0 and toSize (${toSize}).`, [
        'fromSize',
      ]);
    }
    const load = (needed: Parameters<LedgerStore['nodes']>[0]) => this.store.nodes(needed);
    const hashes = await withStoredSubtrees((mth) => consistencyProof(fromSize, toSize, mth), load);
    return {
      fromSize,
      toSize,
      fromRoot: await this.rootAt(fromSize),
      toRoot: await this.rootAt(toSize),
      hashes,
    };
  }

  /** MTH of the first `size` entries, from stored nodes (never a full recomputation). */
  async rootAt(size: number): Promise<Buffer> {
    if (size === 0) return EMPTY_ROOT;
    const load = (needed: Parameters<LedgerStore['nodes']>[0]) => this.store.nodes(needed);
    return withStoredSubtrees((mth) => mth(0, size), load);
  }

  private async assertSealed(size: number): Promise<void> {
    const head = await this.store.head();
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new BadUserInputError('A tree size must be a positive integer.', ['treeSize']);
    }
    if (size > head.size) {
      throw new NotFoundError(`The ledger has ${head.size} sealed entries, not ${size}.`);
    }
  }
}
