import { nextBusinessDay, isBusinessDay, plusDays, todayInJapan } from '@daicho/platform';

/**
 * The report clocks of an incident, as calendar dates in Japan, from the day the company became
 * aware (APPI art. 26(1); PPC Rule 8):
 * - preliminary report "promptly": the PPC guidelines (通則編 3-5-3-3) read that as about 3–5 days,
 *   so the target is day 3 and it is overdue after day 5;
 * - final report within 30 days, 60 when a wrongful purpose is involved (Rule 8(2)).
 * The guidelines count the day of awareness as day 1 (3-5-3-4), so day N is awareness + N − 1. A
 * last day that falls on a day the office is closed (Saturday, Sunday, national holiday,
 * 12/29–1/3) moves to the next business day, as the guidelines' Q&A allows: `…BusinessDay` shows
 * that day, the stored date stays the calendar one.
 */
export interface IncidentClocks {
  preliminaryDueOn: string;
  preliminaryOverdueOn: string;
  finalDueOn: string;
}

export const PRELIMINARY_TARGET_DAYS = 3;
export const PRELIMINARY_OVERDUE_DAYS = 5;
export const FINAL_DAYS = 30;
export const FINAL_DAYS_WRONGFUL = 60;

/** Day `n` of a period whose day 1 is `aware`. */
const day = (aware: string, n: number) => plusDays(aware, n - 1);

export function incidentClocks(awareAt: Date, wrongfulPurpose: boolean): IncidentClocks {
  const aware = todayInJapan(awareAt);
  return {
    preliminaryDueOn: day(aware, PRELIMINARY_TARGET_DAYS),
    preliminaryOverdueOn: day(aware, PRELIMINARY_OVERDUE_DAYS),
    finalDueOn: day(aware, wrongfulPurpose ? FINAL_DAYS_WRONGFUL : FINAL_DAYS),
  };
}

/** The day a deadline is met by when its calendar date falls on a closed day. */
export function deadlineBusinessDay(date: string): string {
  return isBusinessDay(date) ? date : nextBusinessDay(date);
}
