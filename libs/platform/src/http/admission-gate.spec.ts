import { AdmissionGate, type Release } from './admission-gate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AdmissionGate', () => {
  it('admits up to the limit among 20 parallel arrivals, queues the next, refuses the rest', async () => {
    const gate = new AdmissionGate({ maxInFlight: 5, maxQueued: 3, queueWaitMs: 10_000 });
    const outcomes: (Release | null | 'pending')[] = Array.from({ length: 20 }, () => 'pending');
    const all = Array.from({ length: 20 }, (_, i) =>
      gate.admit().then((release) => (outcomes[i] = release)),
    );
    await tick();
    expect(outcomes.filter((o) => typeof o === 'function')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'pending')).toHaveLength(3);
    expect(outcomes.filter((o) => o === null)).toHaveLength(12);
    expect(gate.load).toEqual({ inFlight: 5, waiting: 3, refused: 12 });
    // Each release hands the turn to the longest waiter, in arrival order; twice counts once.
    const first = outcomes[0] as Release;
    first();
    first();
    await tick();
    expect(outcomes.slice(5, 8).map((o) => typeof o)).toEqual(['function', 'string', 'string']);
    for (const o of outcomes) if (typeof o === 'function') o();
    await tick();
    for (const o of outcomes) if (typeof o === 'function') o();
    await Promise.all(all);
    expect(gate.load).toEqual({ inFlight: 0, waiting: 0, refused: 12 });
  });

  it('refuses a waiter whose wait ran out, and never admits it later', async () => {
    jest.useFakeTimers();
    try {
      const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 5, queueWaitMs: 200 });
      const held = await gate.admit();
      const waited = gate.admit();
      jest.advanceTimersByTime(199);
      expect(gate.load.waiting).toBe(1);
      jest.advanceTimersByTime(1);
      await expect(waited).resolves.toBeNull();
      held?.();
      expect(gate.load).toEqual({ inFlight: 0, waiting: 0, refused: 1 });
      // With the turn free and nobody waiting, the next arrival goes straight in.
      expect(typeof (await gate.admit())).toBe('function');
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses at once with no queue', async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 0, queueWaitMs: 1000 });
    expect(await gate.admit()).not.toBeNull();
    expect(await gate.admit()).toBeNull();
  });
});
