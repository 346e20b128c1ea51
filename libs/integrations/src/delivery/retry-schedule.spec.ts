import { retryDelaySeconds } from './retry-schedule';

describe('retry delays', () => {
  it('double from the base up to the cap, between half and all of each step', () => {
    const low = (n: number) => retryDelaySeconds(n, 30, 3600, () => 0);
    const high = (n: number) => retryDelaySeconds(n, 30, 3600, () => 1);
    expect([1, 2, 3, 4].map(high)).toEqual([30, 60, 120, 240]);
    expect([1, 2, 3, 4].map(low)).toEqual([15, 30, 60, 120]);
    expect(high(20)).toBe(3600);
    expect(low(200)).toBe(1800);
  });

  it('spreads endpoints that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelaySeconds(5, 30, 3600)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(240);
  });
});
