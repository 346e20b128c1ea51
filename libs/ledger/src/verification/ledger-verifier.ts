import { Injectable } from '@nestjs/common';
import { BadUserInputError } from '@daicho/platform';
import { openCheckpoint } from '../checkpoint/signed-note';
import { LedgerKeys } from '../keys/ledger-keys';
import { LedgerStore } from '../reading/ledger-store';
import { LedgerAudit, type CheckpointRow, type VerificationReport } from './ledger-audit';

const PAGE = 5000;

/** Replays the whole stored ledger through LedgerAudit, streaming entries and checkpoints. */
@Injectable()
export class LedgerVerifier {
  constructor(
    private readonly store: LedgerStore,
    private readonly keys: LedgerKeys,
  ) {}

  async verify(trustedCheckpoint?: string): Promise<VerificationReport> {
    let trusted: { size: number; root: Buffer } | undefined;
    if (trustedCheckpoint !== undefined) {
      const opened = openCheckpoint(trustedCheckpoint, this.keys.origin, this.keys.publicKey);
      if (!opened.ok) {
        throw new BadUserInputError(`trustedCheckpoint is not usable: ${opened.reason}.`, [
          'trustedCheckpoint',
        ]);
      }
      trusted = { size: opened.checkpoint.size, root: opened.checkpoint.root };
    }
    const audit = new LedgerAudit(this.keys.origin, this.keys.publicKey, trusted);
    const head = await this.store.head();
    let checkpoints: CheckpointRow[] = await this.store.checkpoints(0, PAGE);
    const feedCheckpointsUpTo = async (size: number) => {
      while (checkpoints.length && checkpoints[0].treeSize <= size && !audit.failed) {
        const next = checkpoints.shift() as CheckpointRow;
        audit.addCheckpoint(next);
        if (checkpoints.length === 0)
          checkpoints = await this.store.checkpoints(next.treeSize, PAGE);
      }
    };
    let after = 0;
    for (;;) {
      const rows = await this.store.entryRange(after + 1, after + PAGE);
      for (const row of rows) {
        audit.addEntry(row);
        if (audit.failed) break;
        await feedCheckpointsUpTo(Number(row.seq));
      }
      if (audit.failed || rows.length === 0) break;
      after = Number(rows[rows.length - 1].seq);
    }
    // Checkpoints beyond the last entry sign entries that are gone.
    await feedCheckpointsUpTo(Number.MAX_SAFE_INTEGER);
    return audit.finish(head);
  }
}
