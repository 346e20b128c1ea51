import { setImmediate as nextTurn } from 'node:timers/promises';

/** What one page came to: its checked value, or why it could not be read or checked. */
export type PageOutcome<T> = { value: T } | { error: unknown };

/**
 * A verification thread's pages over its one connection: one query at a time (pg refuses a query
 * given while another runs from pg 9), each sent as soon as the one before is answered and before
 * that one is checked, so the database reads a page while the thread checks the one before; every
 * page answered in the order asked, with its error if the connection failed however early.
 */
export class PagePipeline<R, Rows, T> {
  /** The last page's query, settled or not: the next is sent once it is. */
  private reading: Promise<unknown> = Promise.resolve();
  private answered: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connected: Promise<unknown>,
    private readonly read: (range: R) => Promise<Rows>,
    private readonly check: (rows: Rows) => T,
    private readonly answer: (outcome: PageOutcome<T>) => void,
  ) {}

  ask(range: R): void {
    const rows = this.reading.then(() => this.connected).then(() => this.read(range));
    this.reading = rows.catch(() => undefined);
    // Awaited below, in turn; this only keeps a failure from counting as unhandled meanwhile.
    rows.catch(() => undefined);
    this.answered = this.answered.then(async () => {
      let outcome: PageOutcome<T>;
      try {
        const read = await rows;
        // One turn first: the next page's query goes out (a few promise steps) before the check
        // below holds the thread.
        await nextTurn();
        outcome = { value: this.check(read) };
      } catch (error) {
        outcome = { error };
      }
      this.answer(outcome);
    });
  }

  /** Runs `close` once every page asked for is answered. */
  end(close: () => Promise<void>): Promise<void> {
    const ended = this.answered.then(close);
    this.answered = ended;
    return ended;
  }
}
