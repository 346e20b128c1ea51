import { complaintTargetOn } from './complaint-dates';

describe("a complaint's target date (business days from the day handling starts)", () => {
  it('counts from the day of arrival when it is a business day before closing time', () => {
    // Tuesday 2026-12-01 09:30 JST: handled that day; 10 business days later is 12-15.
    expect(complaintTargetOn(new Date('2026-12-01T09:30:00+09:00'), 10)).toBe('2026-12-15');
  });

  it('starts on the next business day after closing time or on a closed day', () => {
    // Friday evening: handling starts Monday 12-07; 5 business days later is 12-14.
    expect(complaintTargetOn(new Date('2026-12-04T19:00:00+09:00'), 5)).toBe('2026-12-14');
  });

  it('skips the year-end closure (12/29–1/3) and national holidays', () => {
    // Arrives 2025-12-29 (closed): handling starts 2026-01-05; +10 skips Coming of Age Day (01-12).
    expect(complaintTargetOn(new Date('2025-12-29T10:00:00+09:00'), 10)).toBe('2026-01-20');
  });
});
