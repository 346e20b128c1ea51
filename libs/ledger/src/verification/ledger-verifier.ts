import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig, BadUserInputError, connectionOf } from '@daicho/platform';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { normalisationNotice, normaliseNoteText, openCheckpoint } from '../checkpoint/signed-note';
import { LedgerKeys } from '../keys/ledger-keys';
import { LedgerStore } from '../reading/ledger-store';
import { checkEntryPage, type CheckedPage } from './entry-page';
import { EntryPagePool, workerThreadsAvailable } from './entry-page-pool';
import { LedgerAudit, type CheckpointRow, type VerificationReport } from './ledger-audit';

/** A power of two: a full page is one perfect subtree of the ledger's tree (PageTree). */
const PAGE = 8_192;
/** Below this many entries, threads and their connections cost more than they save. */
const THREADED_FROM = 4 * PAGE;

interface PageChecker {
  threads: number;
  lookahead: number;
  check(from: number, to: number): Promise<CheckedPage>;
  close(): Promise<void>;
}

/** Replays the whole stored ledger through LedgerAudit, streaming entries and checkpoints. */
@Injectable()
export class LedgerVerifier {
  private threadsInUse = false;
  /**
   * One replay at a time in this process: each reads the whole ledger, and fifteen at once (an
   * auditor's aliases, or many auditors) would take every core and connection from the rest.
   */
  private readonly oneAtATime = pLimit(1);

  constructor(
    private readonly store: LedgerStore,
    private readonly keys: LedgerKeys,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('LedgerVerifier');
  }

  verify(trustedCheckpoint?: string): Promise<VerificationReport & { notice: string | null }> {
    return this.oneAtATime(() => this.replay(trustedCheckpoint));
  }

  private async replay(
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
    audit.checkTable(await this.store.alteredEntryTable());
    const head = await this.store.head();
    const started = performance.now();
    // A table already found altered is not replayed (no threads for it either).
    const pages = this.pageChecker(audit.failed ? 0 : head.size);
    // The replay stops at the head read above: entries sealed while it runs are checked below
    // against the head as it is then, so a busy ledger does not look tampered with. Pages are
    // read and checked ahead (in threads when there are many) while the replay takes them in order.
    const ahead: Promise<[CheckedPage, CheckpointRow[]]>[] = [];
    let requested = 0;
    const requestPage = () => {
      if (requested >= head.size) return;
      const from = requested + 1;
      const to = Math.min(requested + PAGE, head.size);
      requested = to;
      ahead.push(Promise.all([pages.check(from, to), this.store.checkpointsBetween(from, to)]));
    };
    try {
      for (let i = 0; i < (audit.failed ? 0 : pages.lookahead); i++) requestPage();
      for (let next = ahead.shift(); next; next = ahead.shift()) {
        const [page, checkpoints] = await next;
        requestPage();
        audit.addPage(page, checkpoints);
        if (audit.failed) break;
      }
    } finally {
      await Promise.allSettled(ahead);
      await pages.close();
    }
    // Checkpoints signed beyond the entries replayed, up to the head, sign entries that are gone.
    if (!audit.failed && audit.size < head.size) {
      for (const checkpoint of await this.store.checkpointsBetween(audit.size + 1, head.size)) {
        audit.addCheckpoint(checkpoint);
        if (audit.failed) break;
      }
    }
    const ms = Math.round(performance.now() - started);
    this.logger.info({ entries: audit.size, ms, threads: pages.threads }, 'ledger replayed');
    // Checkpoints and entries beyond the head as it is now sign or claim entries that are gone.
    audit.checkBeyond(await this.store.beyondHead());
    return { ...audit.finish(head), notice };
  }

  /**
   * Where pages are read and checked: in LEDGER_VERIFY_THREADS worker threads for a large
   * ledger (when the compiled worker is there), otherwise in this thread.
   */
  private pageChecker(size: number): PageChecker {
    const threads = this.config.LEDGER_VERIFY_THREADS;
    const url = (this.dataSource.options as { url?: string }).url;
    // One threaded verification at a time: twenty auditors at once must not start forty threads
    // and forty connections; the others replay in their own request's thread.
    if (
      threads > 0 &&
      size >= THREADED_FROM &&
      url &&
      !this.threadsInUse &&
      workerThreadsAvailable()
    ) {
      const pool = new EntryPagePool(threads, connectionOf(this.dataSource));
      this.threadsInUse = true;
      return {
        threads,
        lookahead: 2 * threads,
        check: (from, to) => pool.check(from, to),
        close: () => pool.close().finally(() => (this.threadsInUse = false)),
      };
    }
    return {
      threads: 1,
      lookahead: 2,
      check: async (from, to) => checkEntryPage(await this.store.entryPage(from, to)),
      close: async () => {},
    };
  }
}
