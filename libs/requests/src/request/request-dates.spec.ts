import { isBusinessDay } from '@daicho/platform';
import { businessDaysLeft, dueAfterPause, requestDates } from './request-dates';

/** 09:30 etc. in Japan as an instant. */
const jst = (date: string, time: string) => new Date(`${date}T${time}:00+09:00`);

describe('request dates on the Japanese business-day calendar', () => {
  it.each([
    // [arrival (JST), handling starts, dueOn (10 business days), art39On, why]
    // Due: 1/11 is Coming of Age Day, so the tenth business day after 1/4 is 1/19.
    [
      '2026-12-29',
      '10:00',
      '2027-01-04',
      '2027-01-19',
      '2027-01-12',
      'year-end closure (12/29–1/3)',
    ],
    [
      '2026-12-08',
      '09:30',
      '2026-12-08',
      '2026-12-22',
      '2026-12-22',
      'a Tuesday morning: that day',
    ],
    ['2026-12-08', '18:00', '2026-12-09', '2026-12-23', '2026-12-22', 'at closing time: next day'],
    ['2026-12-08', '17:59', '2026-12-08', '2026-12-22', '2026-12-22', 'a minute before closing'],
    ['2026-12-12', '11:00', '2026-12-14', '2026-12-28', '2026-12-26', 'a Saturday: Monday'],
    // Mon 12/28 is still a business day: the closure runs from 12/29.
    [
      '2026-12-25',
      '19:30',
      '2026-12-28',
      '2027-01-18',
      '2027-01-08',
      'Friday after hours, then the closure',
    ],
    // Golden Week 2027: 4/29 (Thu) Shōwa Day; 5/3–5/5 Constitution, Greenery, Children's Day.
    [
      '2027-04-29',
      '10:00',
      '2027-04-30',
      '2027-05-19',
      '2027-05-13',
      'Shōwa Day, then Golden Week',
    ],
    ['2027-05-01', '10:00', '2027-05-06', '2027-05-20', '2027-05-15', 'a Saturday in Golden Week'],
    // 2026-05-06 is a substitute holiday (5/3 Constitution Day fell on a Sunday).
    ['2026-05-06', '10:00', '2026-05-07', '2026-05-21', '2026-05-20', 'a substitute holiday'],
    // 2026-09-22 is a citizens' holiday between Respect for the Aged Day and the equinox.
    ['2026-09-21', '10:00', '2026-09-24', '2026-10-08', '2026-10-05', 'Silver Week'],
  ])('arrival %s %s → starts %s, due %s, art. 39 %s (%s)', (date, time, starts, due, art39) => {
    expect(requestDates(jst(date, time), 10)).toEqual({
      handlingStartsOn: starts,
      dueOn: due,
      art39On: art39,
    });
    expect(isBusinessDay(starts)).toBe(true);
    expect(isBusinessDay(due)).toBe(true);
  });

  it('counts an arrival at 23:30 UTC (08:30 the next morning in Japan) on the Japanese date', () => {
    // 2026-12-07T23:30Z is Tuesday 12/08 08:30 JST: before opening, still that business day.
    expect(requestDates(new Date('2026-12-07T23:30:00Z'), 10).handlingStartsOn).toBe('2026-12-08');
  });

  it('moves the internal target by the business days a pause took, never the art. 39 date', () => {
    // Paused on Wed 12/09, resumed on Mon 12/14: Thu, Fri and Mon are three business days.
    expect(dueAfterPause('2026-12-22', '2026-12-09', '2026-12-14')).toBe('2026-12-25');
    // Resumed the same day: no move.
    expect(dueAfterPause('2026-12-22', '2026-12-09', '2026-12-09')).toBe('2026-12-22');
    // Paused across the closure: 12/28 → 1/4 is one business day (1/4).
    expect(dueAfterPause('2027-01-08', '2026-12-28', '2027-01-04')).toBe('2027-01-12');
  });

  it('shows business days left, negative once overdue, frozen while paused', () => {
    expect(businessDaysLeft('2026-12-22', '2026-12-08')).toBe(10);
    expect(businessDaysLeft('2026-12-22', '2026-12-22')).toBe(0);
    expect(businessDaysLeft('2026-12-22', '2026-12-24')).toBe(-2);
    expect(businessDaysLeft('2026-12-22', '2026-12-21', '2026-12-15')).toBe(5);
  });
});
