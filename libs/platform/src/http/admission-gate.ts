/** How much work a server takes on at once, and how long a request may wait for a turn. */
export interface AdmissionLimits {
  /** Requests served at the same time; beyond it they wait. */
  maxInFlight: number;
  /** Requests that may wait; beyond it they are refused at once. */
  maxQueued: number;
  /** How long a request may wait for its turn before it is refused. */
  queueWaitMs: number;
}

/** Lets the caller's request go on; to be called exactly once when it has been answered. */
export type Release = () => void;

interface Waiter {
  admit(): void;
  timer: NodeJS.Timeout;
}

/**
 * Admission control in front of every route: a server past its capacity answers "busy, retry
 * after" at once instead of letting every request slow down until all of them time out (a
 * collapse that also starves the health probes and the ledger's sequencer). The count is taken
 * before anything is awaited, so parallel arrivals cannot overshoot it; waiters are served in
 * arrival order.
 */
export class AdmissionGate {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];
  private refusedCount = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  /** A release for the admitted request, or null when the server is too busy to take it. */
  admit(): Promise<Release | null> {
    if (this.inFlight < this.limits.maxInFlight && this.waiting.length === 0) {
      this.inFlight++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limits.maxQueued) return Promise.resolve(this.refused());
    return new Promise((resolve) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          this.inFlight++;
          resolve(this.releaser());
        },
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          resolve(this.refused());
        }, this.limits.queueWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** What the gate holds now, and how many it refused since it started. */
  get load(): { inFlight: number; waiting: number; refused: number } {
    return { inFlight: this.inFlight, waiting: this.waiting.length, refused: this.refusedCount };
  }

  private refused(): null {
    this.refusedCount++;
    return null;
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      // The longest waiter takes the freed turn.
      if (this.inFlight < this.limits.maxInFlight) this.waiting.shift()?.admit();
    };
  }
}
