import { deadlineBusinessDay, incidentClocks } from './incident-clocks';

describe('incident report clocks (PPC Rule 8; the day of awareness is day 1)', () => {
  it('counts calendar days with the day of awareness as day 1, in Japan time', () => {
    // 2026-06-01 23:30 JST is still 1 June in Japan (14:30 UTC): day 30 is 30 June.
    expect(incidentClocks(new Date('2026-06-01T14:30:00Z'), false)).toEqual({
      preliminaryDueOn: '2026-06-03',
      preliminaryOverdueOn: '2026-06-05',
      finalDueOn: '2026-06-30',
    });
    // 00:30 JST on 2 June is 15:30 UTC on 1 June: the Japanese day counts.
    expect(incidentClocks(new Date('2026-06-01T15:30:00Z'), false).preliminaryDueOn).toBe(
      '2026-06-04',
    );
  });

  it('gives 60 days for a wrongful purpose', () => {
    expect(incidentClocks(new Date('2026-06-01T01:00:00Z'), true).finalDueOn).toBe('2026-07-30');
  });

  it('runs across the year end, and shows the next business day for a closed last day', () => {
    const clocks = incidentClocks(new Date('2026-12-29T01:00:00Z'), false);
    expect(clocks).toEqual({
      preliminaryDueOn: '2026-12-31',
      preliminaryOverdueOn: '2027-01-02',
      finalDueOn: '2027-01-27',
    });
    // 12/31 and 1/2 are inside the 12/29–1/3 closure; 1/4/2027 is a Monday.
    expect(deadlineBusinessDay(clocks.preliminaryDueOn)).toBe('2027-01-04');
    expect(deadlineBusinessDay(clocks.preliminaryOverdueOn)).toBe('2027-01-04');
    expect(deadlineBusinessDay(clocks.finalDueOn)).toBe('2027-01-27');
  });
});
