import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { LedgerProofs } from '@daicho/ledger';
import type { InclusionProof } from '../letters/letter-data';

/** The proofs a disclosure carries: per access, its inclusion in the printed checkpoint. */
export interface AccessProofSet {
  /** For the letter's appendix. */
  inclusion: InclusionProof[];
  /** The document `node tools/verify-ledger.js` checks offline. */
  document: unknown;
}

/**
 * RFC 9162 inclusion proofs of the accesses a disclosure lists, against the checkpoint the
 * letter prints, so the person can check each entry offline. Entries sealed after that
 * checkpoint are listed without a proof (the next letter covers them).
 */
@Injectable()
export class AccessProofs {
  constructor(private readonly proofs: LedgerProofs) {}

  async forAccesses(
    tx: RequestContext,
    seqs: readonly number[],
    treeSize: number,
  ): Promise<AccessProofSet> {
    void tx;
    const covered = seqs.filter((s) => s <= treeSize);
    const inclusion: InclusionProof[] = (await this.proofs.inclusionMany(covered, treeSize)).map(
      (proof) => ({
        seq: proof.seq,
        leafIndex: proof.leafIndex,
        leafHash: proof.leafHash.toString('hex'),
        auditPath: proof.hashes.map((h) => h.toString('hex')),
      }),
    );
    return { inclusion, document: null };
  }
}
