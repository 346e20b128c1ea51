import { Duration } from 'luxon';

/** Date-based ISO-8601 durations (years, months, weeks, days), as PostgreSQL's interval reads them. */
const DATE_DURATION = /^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/;

/** True for a positive period such as `P5Y`, `P6M`, `P30D`; false for `5 years`, `PT5H`, `P0D`. */
export function isRetentionPeriod(value: string): boolean {
  if (!DATE_DURATION.test(value)) return false;
  const duration = Duration.fromISO(value);
  return duration.isValid && duration.toMillis() > 0;
}
