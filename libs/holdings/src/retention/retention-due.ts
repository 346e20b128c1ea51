import { JAPAN_TIME_ZONE } from '@daicho/platform';
import { DateTime, Duration } from 'luxon';

/** The day a record must be disposed of: its trigger event plus the category's retention period. */
export function retentionDue(eventAt: Date | null, period: string): Date | null {
  if (!eventAt) return null; // the event (e.g. end of employment) has not happened yet
  return DateTime.fromJSDate(eventAt, { zone: JAPAN_TIME_ZONE })
    .plus(Duration.fromISO(period))
    .toJSDate();
}
