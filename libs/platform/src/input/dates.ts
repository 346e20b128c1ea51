/**
 * The one reading of dates sent by clients (GraphQL scalars, REST query strings, cursors): strict
 * ISO-8601 only, days that exist, years PostgreSQL and JavaScript agree on. "2026/04/01" (read as
 * local time by Date) and "+275760-09-13" (a year PostgreSQL cannot store) are refused here, as
 * problems the caller can act on, instead of failing in the database.
 */

export const DATE_EXAMPLE = '2026-11-26';
export const DATE_TIME_EXAMPLE = '2026-11-26T09:30:00+09:00';

/** What a date-time must look like, for messages. */
export const DATE_TIME_FORM = `an ISO-8601 date-time with a time zone such as ${DATE_TIME_EXAMPLE}`;
/** What a calendar date must look like, for messages. */
export const DATE_FORM = `an ISO-8601 date such as ${DATE_EXAMPLE}`;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Years 0001–9999: four unsigned digits, so no year zero and nothing past what every store holds. */
function dayExists(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day <= days;
}

/** A calendar date (YYYY-MM-DD) that exists, or null. */
export function parseCalendarDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = CALENDAR_DATE.exec(value);
  if (!m || !dayExists(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  return value;
}

/**
 * The instants every date-time must lie between: years 0001–9999 in UTC and in Japan (UTC+9),
 * where reports and deadlines count days. The written year alone is not enough: an offset moves
 * "9999-12-31T23:00:00-14:00" into year 10000, which no date in the product can name.
 */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-31T15:00:00Z') - 1;

/** An instant written as ISO-8601 with a time zone (Z or ±hh:mm), in years 0001–9999, or null. */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone, zh, zm] = m;
  if (!dayExists(Number(year), Number(month), Number(day))) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  if (zone !== 'Z' && (Number(zh) > 14 || Number(zm) > 59)) return null;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const at = new Date(
    `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${zone === 'Z' ? 'Z' : zone}`,
  );
  const time = at.getTime();
  return Number.isNaN(time) || time < FIRST_INSTANT || time > LAST_INSTANT ? null : at;
}

/** How far ahead of the server's clock an event may be dated (clocks of other systems drift). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** The earliest date an event the ledger or a record speaks of may carry (no system it records predates it). */
export const EARLIEST_EVENT = new Date('1970-01-01T00:00:00Z');
export const EARLIEST_EVENT_DATE = '1970-01-01';

/**
 * Why an instant cannot be the time of something that already happened, or null. Dating a
 * collection in 2099 would postpone its retention (APPI art. 22: delete once no longer needed).
 */
export function problemWithPastInstant(at: Date, now = Date.now()): string | null {
  if (at.getTime() > now + CLOCK_SKEW_MS) {
    return 'lies in the future (at most 5 minutes ahead of the server clock is accepted)';
  }
  if (at.getTime() < EARLIEST_EVENT.getTime()) return `lies before ${EARLIEST_EVENT_DATE}`;
  return null;
}
