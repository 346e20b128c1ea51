import holidayJp from '@holiday-jp/holiday_jp';
import { DateTime } from 'luxon';

/**
 * The company's calendar: dates are Japanese dates (the policy's business days and the APPI's
 * deadlines are counted in Japan), kept as ISO calendar dates (YYYY-MM-DD).
 */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';

/** The languages the company works and writes documents in. */
export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];
export const isLang = (value: unknown): value is Lang => value === 'ja' || value === 'en';

/** Business hours in Japan (the policy's reception hours): 9:00 to 18:00. */
export const BUSINESS_HOURS = { opens: 9, closes: 18 } as const;

const inJapan = (date: string): DateTime => DateTime.fromISO(date, { zone: JAPAN_TIME_ZONE });
const isoDate = (value: DateTime): string => {
  const iso = value.toISODate();
  if (iso === null) throw new RangeError('not a calendar date');
  return iso;
};

/**
 * Japan's offset from UTC in seconds: +09:00 all year (no summer time), so SQL may compute days
 * and hours in Japan by integer arithmetic on the epoch.
 */
export const JAPAN_UTC_OFFSET_SECONDS = 9 * 3600;

const OFFSET_MS = JAPAN_UTC_OFFSET_SECONDS * 1000;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight UTC of a calendar date, which must exist (2026-02-30 does not). */
function utcMidnight(date: string): number {
  const at = CALENDAR_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== date)
    throw new RangeError('not a calendar date');
  return at;
}

/**
 * The instant a Japanese calendar date begins (00:00 JST). By the fixed offset, not a zone
 * lookup: the access report asks this for every day and anomaly it shows, and luxon's
 * Asia/Tokyo arithmetic cost ~90 ms a report (bench/growth.bench.ts).
 */
export function startOfDayInJapan(date: string): Date {
  return new Date(utcMidnight(date) - OFFSET_MS);
}

/** The Japanese date of an instant (default: now). */
export function todayInJapan(now: Date = new Date()): string {
  const at = now.getTime() + OFFSET_MS;
  if (Number.isNaN(at)) throw new RangeError('not a calendar date');
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * A calendar date `days` later (or earlier). Plain UTC arithmetic on the date: calendar dates
 * have no zone, and deadlines count many days, so this stays cheap (no zone lookups per day).
 */
export function plusDays(date: string, days: number): string {
  const at = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(at)) throw new RangeError('not a calendar date');
  return new Date(at + days * 86_400_000).toISOString().slice(0, 10);
}
export const plusMonths = (date: string, months: number): string =>
  isoDate(inJapan(date).plus({ months }));
export const plusYears = (date: string, years: number): string =>
  isoDate(inJapan(date).plus({ years }));

/** The year-end and new-year closure, 29 December to 3 January. */
function isYearEndClosure(date: string): boolean {
  const monthDay = date.slice(5);
  return monthDay >= '12-29' || monthDay <= '01-03';
}

/** A national holiday (国民の祝日, substitute and citizens' holidays included). */
export function isNationalHoliday(date: string): boolean {
  // holiday_jp compares the Date's local date; noon UTC is the same date in Japan and everywhere.
  return holidayJp.isHoliday(new Date(`${date}T12:00:00Z`));
}

/** Days already classified: lists show many requests whose deadlines share the same days. */
const businessDays = new Map<string, boolean>();
const REMEMBERED_DAYS = 50_000;

/** Neither a Saturday, a Sunday, a national holiday, nor within 12/29–1/3. */
export function isBusinessDay(date: string): boolean {
  const known = businessDays.get(date);
  if (known !== undefined) return known;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday … 6 = Saturday
  if (Number.isNaN(weekday)) throw new RangeError('not a calendar date');
  const business =
    weekday !== 0 && weekday !== 6 && !isNationalHoliday(date) && !isYearEndClosure(date);
  if (businessDays.size >= REMEMBERED_DAYS) businessDays.clear();
  businessDays.set(date, business);
  return business;
}

/** The first business day after `date`. */
export function nextBusinessDay(date: string): string {
  let day = plusDays(date, 1);
  while (!isBusinessDay(day)) day = plusDays(day, 1);
  return day;
}

/** `date` itself when a business day, else the next one. */
export const businessDayOnOrAfter = (date: string): string =>
  isBusinessDay(date) ? date : nextBusinessDay(date);

/** The business day `count` business days after `date` (count ≥ 0; 0 is `date` itself). */
export function addBusinessDays(date: string, count: number): string {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError('count must be a whole number ≥ 0');
  let day = date;
  for (let left = count; left > 0; left -= 1) day = nextBusinessDay(day);
  return day;
}

/** Spans already counted: a list of requests counts from the same today to the same targets. */
const spans = new Map<string, number>();

/** Business days in (from, to]: how many lie after `from` up to and including `to`; negative when past. */
export function businessDaysBetween(from: string, to: string): number {
  if (to < from) return -businessDaysBetween(to, from);
  const key = `${from}/${to}`;
  const known = spans.get(key);
  if (known !== undefined) return known;
  let count = 0;
  for (let day = from; day < to;) {
    day = plusDays(day, 1);
    if (isBusinessDay(day)) count += 1;
  }
  if (spans.size >= REMEMBERED_DAYS) spans.clear();
  spans.set(key, count);
  return count;
}

/** Whether an instant falls in business hours on a business day, in Japan. */
export function isWithinBusinessHours(at: Date): boolean {
  const local = DateTime.fromJSDate(at).setZone(JAPAN_TIME_ZONE);
  return (
    isBusinessDay(isoDate(local)) &&
    local.hour >= BUSINESS_HOURS.opens &&
    local.hour < BUSINESS_HOURS.closes
  );
}

/**
 * The day handling of something received at `at` starts: that day if it is a business day and
 * before closing time (18:00 JST), else the next business day.
 */
export function handlingStartsOn(at: Date): string {
  const local = DateTime.fromJSDate(at).setZone(JAPAN_TIME_ZONE);
  const day = isoDate(local);
  return isBusinessDay(day) && local.hour < BUSINESS_HOURS.closes ? day : nextBusinessDay(day);
}
