import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckedPage } from './entry-page';

/** The compiled worker next to this file; absent when running from TypeScript sources (tests). */
const WORKER_SCRIPT = join(__dirname, 'entry-page.worker.js');

export const workerThreadsAvailable = (): boolean => existsSync(WORKER_SCRIPT);

interface Waiting {
  resolve: (page: CheckedPage) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads that read and check pages of the ledger side by side (each with its own
 * database connection), so verification uses every core instead of one. Pages are handed out in
 * turn; each thread answers its pages in the order it got them.
 */
export class EntryPagePool {
  private readonly workers: { worker: Worker; waiting: Waiting[]; exited: Promise<void> }[];
  private next = 0;

  /** `connection`: pg's settings for the threads' own connections (connectionOf the pool's). */
  constructor(threads: number, connection: { connectionString: string; options: string }) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(WORKER_SCRIPT, { workerData: { connection } });
      const waiting: Waiting[] = [];
      const failAll = (error: Error) => {
        for (const w of waiting.splice(0)) w.reject(error);
      };
      const exited = new Promise<void>((resolve) =>
        worker.once('exit', () => {
          failAll(new Error('a verification thread stopped'));
          resolve();
        }),
      );
      const slot = { worker, waiting, exited };
      worker.on('message', (message: { page: CheckedPage } | { error: string }) => {
        const waiting = slot.waiting.shift();
        if ('page' in message) waiting?.resolve(message.page);
        else waiting?.reject(new Error(`a verification thread failed: ${message.error}`));
      });
      worker.on('error', failAll);
      return slot;
    });
  }

  /** The checked page of entries with seq in [from, to]. */
  check(from: number, to: number): Promise<CheckedPage> {
    const slot = this.workers[this.next++ % this.workers.length];
    if (!slot) throw new Error('the pool has no threads');
    return new Promise((resolve, reject) => {
      slot.waiting.push({ resolve, reject });
      slot.worker.postMessage({ from, to });
    });
  }

  /** Lets every thread close its connection and end. */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(({ worker, exited }) => {
        worker.postMessage(null);
        return exited;
      }),
    );
  }
}
