import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { LedgerProofs, LedgerStore, storedEntryOf } from '@daicho/ledger';
import { AppConfig } from '@daicho/platform';
import type { InclusionProof } from '../letters/letter-data';

/** What `node tools/verify-ledger.js --entries FILE --public-key KEY` checks offline. */
export const ENTRY_PROOFS_FORMAT = 'daicho-entry-proofs/1';

/** The proofs a disclosure carries: per access, its inclusion in the printed checkpoint. */
export interface AccessProofSet {
  /** For the letter's appendix. */
  inclusion: InclusionProof[];
  /**
   * The signed checkpoint and, per access, the entry as the ledger stored it (its canonical form
   * gives the leaf hash) with its audit path: self-contained, for the offline verifier.
   */
  document: unknown;
}

/**
 * RFC 9162 inclusion proofs of the accesses a disclosure lists, against the checkpoint the
 * letter prints, so the person (or their lawyer) can check each entry offline. Entries sealed
 * after that checkpoint are listed without a proof (the next letter covers them).
 */
@Injectable()
export class AccessProofs {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly proofs: LedgerProofs,
    private readonly store: LedgerStore,
  ) {}

  async forAccesses(
    tx: RequestContext,
    seqs: readonly number[],
    treeSize: number,
  ): Promise<AccessProofSet> {
    void tx;
    const covered = seqs.filter((s) => s <= treeSize);
    const paths = await this.proofs.inclusionMany(covered, treeSize);
    const inclusion: InclusionProof[] = paths.map((proof) => ({
      seq: proof.seq,
      leafIndex: proof.leafIndex,
      leafHash: proof.leafHash.toString('hex'),
      auditPath: proof.hashes.map((h) => h.toString('hex')),
    }));
    const checkpoint = await this.store.checkpointAt(treeSize);
    const rows = new Map(
      (await this.store.entriesAt(covered)).map((row) => [Number(row.seq), storedEntryOf(row)]),
    );
    return {
      inclusion,
      document: {
        format: ENTRY_PROOFS_FORMAT,
        origin: this.config.LEDGER_ORIGIN,
        treeSize,
        rootHash: checkpoint?.root.toString('hex') ?? null,
        checkpoint: checkpoint?.note ?? null,
        entries: inclusion.map((proof) => ({
          ...proof,
          entry: rows.get(proof.seq)?.entry ?? null,
        })),
      },
    };
  }
}
