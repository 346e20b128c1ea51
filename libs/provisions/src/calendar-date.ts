import {
  BadUserInputError,
  DATE_FORM,
  EARLIEST_EVENT_DATE,
  parseCalendarDate,
  todayInJapan,
} from '@daicho/platform';

/**
 * A calendar date the caller sent for a hand-off record: valid, and not after today in Japan
 * (a record of what was handed over cannot precede the hand-off) unless `future` allows it.
 */
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
