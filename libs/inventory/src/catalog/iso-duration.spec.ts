import { isRetentionPeriod } from './iso-duration';

describe('retention periods', () => {
  it('accepts positive date-based ISO-8601 durations', () => {
    for (const ok of ['P5Y', 'P6M', 'P30D', 'P2W', 'P1Y6M', 'P7Y', 'P100Y', 'P1200M', 'P36500D'])
      expect(isRetentionPeriod(ok)).toBe(true);
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'P', 'P0D', '5Y', 'P5', 'PT5H', 'P1.5Y', '5 years', 'P-1Y', 'p5y']) {
      expect(isRetentionPeriod(bad)).toBe(false);
    }
  });
  it('refuses a period whose due date no database or clock could hold', () => {
    // Each would make a due date past year 9999 (or beyond JavaScript's dates) for every reader.
    for (const bad of ['P101Y', 'P300000Y', 'P99999999999999999999D', 'P1213M', 'P100Y1D']) {
      expect(isRetentionPeriod(bad)).toBe(false);
    }
  });
});
