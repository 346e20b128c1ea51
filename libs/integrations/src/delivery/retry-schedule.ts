/**
 * Seconds to wait after the `attempt`-th failed attempt (1-based): exponential back-off from
 * `baseSeconds`, doubled per attempt up to `maxSeconds`, with jitter (a uniformly drawn share
 * between half and all of it), so endpoints that failed together do not all come back at once.
 */
export function retryDelaySeconds(
  attempt: number,
  baseSeconds: number,
  maxSeconds: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(maxSeconds, baseSeconds * 2 ** exponent);
  return ceiling / 2 + (ceiling / 2) * random();
}
