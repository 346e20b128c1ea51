import { DateTime } from 'luxon';
import {
  BadUserInputError,
  DATE_FORM,
  EARLIEST_EVENT_DATE,
  parseCalendarDate,
} from '@daicho/platform';

const ZONE = 'Asia/Tokyo';

/** Today's date in Japan, as the records keep dates (YYYY-MM-DD). */
export const todayInJapan = (): string => DateTime.now().setZone(ZONE).toISODate()!;

/** A calendar date the caller sent: valid, and not after today in Japan unless allowed. */
export function calendarDate(value: string, field: string, options: { future?: boolean } = {}) {
  if (parseCalendarDate(value) === null) {
    throw new BadUserInputError(`${field} must be ${DATE_FORM}.`, [field]);
  }
  if (!options.future && value > todayInJapan()) {
    throw new BadUserInputError(`${field} lies in the future.`, [field]);
  }
  if (!options.future && value < EARLIEST_EVENT_DATE) {
    throw new BadUserInputError(`${field} lies before ${EARLIEST_EVENT_DATE}.`, [field]);
  }
  return value;
}

/** `date` plus whole years, as a date (a record kept N years from its date). */
export const plusYears = (date: string, years: number): string =>
  DateTime.fromISO(date, { zone: ZONE }).plus({ years }).toISODate()!;

export const plusMonths = (date: string, months: number): string =>
  DateTime.fromISO(date, { zone: ZONE }).plus({ months }).toISODate()!;

export const plusDays = (date: string, days: number): string =>
  DateTime.fromISO(date, { zone: ZONE }).plus({ days }).toISODate()!;
