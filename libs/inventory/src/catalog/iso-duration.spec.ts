import { isRetentionPeriod } from './iso-duration';

describe('retention periods', () => {
  it('accepts positive date-based ISO-8601 durations', () => {
    for (const ok of ['P5Y', 'P6M', 'P30D', 'P2W', 'P1Y6M', 'P7Y'])
      expect(isRetentionPeriod(ok)).toBe(true);
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'P', 'P0D', '5Y', 'P5', 'PT5H', 'P1.5Y', '5 years', 'P-1Y', 'p5y']) {
      expect(isRetentionPeriod(bad)).toBe(false);
    }
  });
});
