import { DateTime } from 'luxon';
import {
  addBusinessDays,
  businessDaysBetween,
  handlingStartsOn,
  isBusinessDay,
  isWithinBusinessHours,
  nextBusinessDay,
  plusMonths,
  startOfDayInJapan,
  todayInJapan,
} from './japan-calendar';

describe('the Japanese business-day calendar', () => {
  it('knows weekends, national holidays and the year-end closure', () => {
    expect(isBusinessDay('2026-12-02')).toBe(true); // Wednesday
    expect(isBusinessDay('2026-12-05')).toBe(false); // Saturday
    expect(isBusinessDay('2026-12-06')).toBe(false); // Sunday
    expect(isBusinessDay('2026-11-23')).toBe(false); // 勤労感謝の日 (Monday)
    expect(isBusinessDay('2026-12-29')).toBe(false); // closure, a Tuesday
    expect(isBusinessDay('2027-01-04')).toBe(true); // first business day of 2027
    expect(isBusinessDay('2026-05-06')).toBe(false); // 振替休日 for 憲法記念日 on a Sunday
    expect(isBusinessDay('2026-09-22')).toBe(false); // 国民の休日 between 敬老の日 and 秋分の日
  });

  it('counts business days across the new year', () => {
    expect(nextBusinessDay('2026-12-28')).toBe('2027-01-04');
    expect(addBusinessDays('2026-12-25', 1)).toBe('2026-12-28');
    expect(addBusinessDays('2026-12-25', 2)).toBe('2027-01-04');
    expect(addBusinessDays('2026-12-02', 0)).toBe('2026-12-02');
    expect(addBusinessDays('2026-12-02', 10)).toBe('2026-12-16');
    expect(businessDaysBetween('2026-12-25', '2027-01-04')).toBe(2);
    expect(businessDaysBetween('2027-01-04', '2026-12-25')).toBe(-2);
    expect(() => addBusinessDays('2026-12-02', -1)).toThrow(RangeError);
  });

  it('starts handling on the day of arrival only before 18:00 JST on a business day', () => {
    expect(handlingStartsOn(new Date('2026-12-02T08:59:00Z'))).toBe('2026-12-02'); // 17:59 JST
    expect(handlingStartsOn(new Date('2026-12-02T09:00:00Z'))).toBe('2026-12-03'); // 18:00 JST
    expect(handlingStartsOn(new Date('2026-12-04T16:00:00Z'))).toBe('2026-12-07'); // Sat 01:00 JST
    expect(handlingStartsOn(new Date('2026-12-01T15:30:00Z'))).toBe('2026-12-02'); // 00:30 JST
  });

  it('takes the date and the hours in Japan, whatever the server zone', () => {
    expect(todayInJapan(new Date('2026-12-02T15:00:00Z'))).toBe('2026-12-03');
    expect(isWithinBusinessHours(new Date('2026-12-02T00:00:00Z'))).toBe(true); // 9:00 JST
    expect(isWithinBusinessHours(new Date('2026-12-01T23:59:00Z'))).toBe(false); // 8:59 JST
    expect(isWithinBusinessHours(new Date('2026-12-05T03:00:00Z'))).toBe(false); // Saturday
    expect(plusMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('begins a Japanese day at 15:00 UTC the day before, and refuses an impossible date', () => {
    expect(startOfDayInJapan('2026-12-04').toISOString()).toBe('2026-12-03T15:00:00.000Z');
    expect(startOfDayInJapan('2027-01-01').toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(() => startOfDayInJapan('2026-02-30')).toThrow(RangeError);
    for (const notADate of ['2026-12-4', '2026-12-04T00:00', '20261204', '2026-13-01', ''])
      expect(() => startOfDayInJapan(notADate)).toThrow(RangeError);
  });

  it('agrees with the Asia/Tokyo zone by the fixed offset, hour by hour over ten years', () => {
    for (let at = Date.UTC(2020, 0, 1); at < Date.UTC(2030, 0, 1); at += 3_599_000) {
      const zoned = DateTime.fromMillis(at, { zone: 'Asia/Tokyo' });
      const day = zoned.toISODate()!;
      expect(todayInJapan(new Date(at))).toBe(day);
      expect(startOfDayInJapan(day).getTime()).toBe(zoned.startOf('day').toMillis());
    }
    expect(() => todayInJapan(new Date(Number.NaN))).toThrow(RangeError);
  });
});
