import { Injectable } from '@nestjs/common';
import { BadUserInputError } from '@daicho/platform';
import { normalisationNotice, normaliseNoteText, openCheckpoint } from '../checkpoint/signed-note';
import { LedgerKeys } from '../keys/ledger-keys';
import { LedgerStore } from '../reading/ledger-store';
import { LedgerAudit, type CheckpointRow, type VerificationReport } from './ledger-audit';

const PAGE = 10_000;

/** Replays the whole stored ledger through LedgerAudit, streaming entries and checkpoints. */
@Injectable()
export class LedgerVerifier {
  constructor(
    private readonly store: LedgerStore,
    private readonly keys: LedgerKeys,
  ) {}

  async verify(
    trustedCheckpoint?: string,
  ): Promise<VerificationReport & { notice: string | null }> {
    let trusted: { size: number; root: Buffer } | undefined;
    let notice: string | null = null;
    if (trustedCheckpoint !== undefined) {
      let opened = openCheckpoint(trustedCheckpoint, this.keys.origin, this.keys.publicKey);
      if (!opened.ok) {
        const normalised = normaliseNoteText(trustedCheckpoint);
        const retried = openCheckpoint(normalised, this.keys.origin, this.keys.publicKey);
        if (retried.ok) {
          opened = retried;
          notice = normalisationNotice(trustedCheckpoint);
        }
      }
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
    let at = 0;
    const checkpointDue = (size: number): CheckpointRow | undefined => {
      const next = checkpoints[at];
      return next && next.treeSize <= size ? next : undefined;
    };
    const feedCheckpointsUpTo = async (size: number) => {
      for (let c = checkpointDue(size); c && !audit.failed; c = checkpointDue(size)) {
        const checkpoint = c;
        at++;
        audit.addCheckpoint(checkpoint);
        if (at === checkpoints.length) {
          checkpoints = await this.store.checkpoints(checkpoint.treeSize, PAGE);
          at = 0;
        }
      }
    };
    // The replay stops at the head read above: entries sealed while it runs are checked below
    // against the head as it is then, so a busy ledger does not look tampered with.
    // The next page is fetched while this one is hashed: the database and Node work side by side.
    const fetchPage = (after: number) =>
      after >= head.size
        ? Promise.resolve([])
        : this.store.entryRange(after + 1, Math.min(after + PAGE, head.size));
    const ahead = [fetchPage(0), fetchPage(PAGE)];
    for (let after = 0; ; after += PAGE) {
      const rows = await (ahead.shift() as ReturnType<typeof fetchPage>);
      ahead.push(fetchPage(after + 2 * PAGE));
      for (const row of rows) {
        audit.addEntry(row);
        if (audit.failed) break;
        if (checkpointDue(Number(row.seq))) await feedCheckpointsUpTo(Number(row.seq));
      }
      if (audit.failed || rows.length === 0) break;
    }
    await Promise.allSettled(ahead);
    await feedCheckpointsUpTo(head.size);
    // Checkpoints and entries beyond the head as it is now sign or claim entries that are gone.
    audit.checkBeyond(await this.store.beyondHead());
    return { ...audit.finish(head), notice };
  }
}
