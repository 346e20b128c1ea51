import { todayInJapan } from '../calendar/japan-calendar';
import { BadUserInputError } from '../errors/domain-error';
import { DATE_FORM, EARLIEST_EVENT_DATE, parseCalendarDate } from './dates';

/**
 * A calendar date the caller sent for something done (a hand-off, a payment, a letter sent):
 * valid, and not after today in Japan (a record of an act cannot precede it) unless `future`
 * allows it. A date to be kept (`future` with `stored`: a due date, a contract's term) still lies
 * in 1970 or later; only a filter (`future` alone) may reach further back.
 */
export function calendarDate(
  value: string,
  field: string,
  options: { future?: boolean; stored?: boolean } = {},
) {
  if (parseCalendarDate(value) === null) {
    throw new BadUserInputError(`${field} must be ${DATE_FORM}.`, [field]);
  }
  if (!options.future && value > todayInJapan()) {
    throw new BadUserInputError(`${field} lies in the future.`, [field]);
  }
  if ((!options.future || options.stored) && value < EARLIEST_EVENT_DATE) {
    throw new BadUserInputError(`${field} lies before ${EARLIEST_EVENT_DATE}.`, [field]);
  }
  return value;
}
