import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { ConflictError } from '@daicho/platform';
import { openStoredCheckpoint } from '../checkpoint/signed-note';
import { LedgerKeys } from '../keys/ledger-keys';
import { LedgerStore } from '../reading/ledger-store';

/** A signed checkpoint as a document prints it (libs/documents' CheckpointStamp). */
export interface CheckpointStampData {
  origin: string;
  treeSize: number;
  rootHash: string;
  signedAt: Date;
  keyName: string;
  signature: string | undefined;
}

/**
 * The checkpoint a letter or report carries, so whoever holds the paper can tie it to a state of
 * the ledger: the latest one signed (CONFLICT until the first is, a second after the first entry).
 */
@Injectable()
export class CheckpointStamps {
  constructor(
    private readonly store: LedgerStore,
    private readonly keys: LedgerKeys,
  ) {}

  /**
   * The latest checkpoint as a document prints it. Inside a transaction pass its manager: a second
   * pool connection taken while one is held can wait forever once the pool is spent.
   */
  async latest(manager?: EntityManager): Promise<CheckpointStampData> {
    const latest = await this.store.latestCheckpoint(manager);
    if (!latest) {
      throw new ConflictError('The ledger has signed no checkpoint yet; try again in a second.');
    }
    // A document carries only a checkpoint whose note signs the row's own size and root.
    if (!openStoredCheckpoint(latest, this.keys.origin, this.keys.publicKey).ok) {
      throw new ConflictError(
        'The latest checkpoint is not signed by the ledger key for what it claims: it was altered. Run verifyLedger and report it as an incident; no document is issued on it.',
      );
    }
    const signatureLine = latest.note.trimEnd().split('\n').at(-1) ?? '';
    return {
      origin: this.keys.origin,
      treeSize: latest.treeSize,
      rootHash: latest.root.toString('hex'),
      signedAt: latest.issuedAt,
      keyName: this.keys.origin,
      signature: signatureLine.split(' ').at(-1),
    };
  }
}
