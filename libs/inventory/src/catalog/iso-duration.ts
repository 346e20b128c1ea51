import { Duration } from 'luxon';

/** Date-based ISO-8601 durations (years, months, weeks, days), as PostgreSQL's interval reads them. */
const DATE_DURATION = /^P(?=\d)(\d{1,5}Y)?(\d{1,5}M)?(\d{1,5}W)?(\d{1,6}D)?$/;

/**
 * The longest period kept or reviewed: no statute asks for more (the longest Japanese ones are
 * tens of years), and a date this far on stays within what PostgreSQL and JavaScript hold, so a
 * due date computed from it never fails for everyone who lists the catalog.
 */
export const LONGEST_PERIOD_YEARS = 100;

/** True for a positive period up to 100 years such as `P5Y`, `P6M`, `P30D`; false for `5 years`, `PT5H`, `P0D`, `P300000Y`. */
export function isRetentionPeriod(value: string): boolean {
  if (!DATE_DURATION.test(value)) return false;
  const duration = Duration.fromISO(value);
  // Luxon's casual conversion (a year of 365 days, a month of 30): the bound is a sanity limit.
  return (
    duration.isValid && duration.toMillis() > 0 && duration.as('years') <= LONGEST_PERIOD_YEARS
  );
}
