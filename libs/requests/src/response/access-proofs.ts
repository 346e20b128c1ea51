import { Injectable } from '@nestjs/common';
import { EntryProofs, type EntryProofDocument } from '@daicho/ledger';
import type { InclusionProof } from '../letters/letter-data';

/** The proofs a disclosure carries: per access, its inclusion in the printed checkpoint. */
export interface AccessProofSet {
  /** For the letter's appendix. */
  inclusion: InclusionProof[];
  /** The ledger's self-contained proofs document (`daicho-entry-proofs/1`), for the offline verifier. */
  document: EntryProofDocument;
}

/**
 * RFC 9162 inclusion proofs of the accesses a disclosure lists (APPI art. 33), against the
 * checkpoint the letter prints, so the person (or their lawyer) can check each entry offline.
 * Entries sealed after that checkpoint are listed without a proof (the next letter covers them).
 */
@Injectable()
export class AccessProofs {
  constructor(private readonly entryProofs: EntryProofs) {}

  async forAccesses(seqs: readonly number[], treeSize: number): Promise<AccessProofSet> {
    const covered = seqs.filter((s) => s <= treeSize);
    const document = await this.entryProofs.forEntries(covered, { treeSize });
    const inclusion = document.entries.map(({ seq, leafIndex, leafHash, auditPath }) => ({
      seq,
      leafIndex,
      leafHash,
      auditPath,
    }));
    return { inclusion, document };
  }
}
