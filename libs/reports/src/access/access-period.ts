import { plusDays, startOfDayInJapan, todayInJapan } from '@daicho/platform';

const HOUR = 3_600_000;

/** An hour of the day in Japan (0–24: 24 is the day's end). */
const hourInJapan = (at: Date) => (Math.floor(at.getTime() / HOUR) + 9) % 24;

/** Whole hours of one day in Japan: [fromHour, toHour). */
export interface DayHours {
  day: string;
  fromHour: number;
  toHour: number;
}

/**
 * Where each part of a report's period is counted from: whole days and the other whole hours from
 * their stored sums (access_rollup_sums), the partial hour at either edge from the entries. A
 * period holding no whole hour is counted from the entries alone.
 */
export interface PeriodParts {
  /** Read from the entries: [from, to) instants, each within an hour. */
  edges: [Date, Date][];
  /** Whole hours outside the whole days. */
  hours: DayHours[];
  /** Whole days in Japan, [fromDay, toDay); null when none. */
  days: { fromDay: string; toDay: string } | null;
  /** The whole hours the stored sums answer for, [from, to); null when none. */
  rolled: [Date, Date] | null;
}

/** [from, to) cut at midnight in Japan into whole hours of each day (from and to on the hour). */
function hoursOf(from: Date, to: Date): DayHours[] {
  const out: DayHours[] = [];
  for (let at = from; at < to;) {
    const day = todayInJapan(at);
    const end = startOfDayInJapan(plusDays(day, 1));
    const until = end < to ? end : to;
    out.push({ day, fromHour: hourInJapan(at), toHour: until < end ? hourInJapan(until) : 24 });
    at = until;
  }
  return out;
}

export function periodParts(from: Date, to: Date): PeriodParts {
  const firstHour = new Date(Math.ceil(from.getTime() / HOUR) * HOUR);
  const lastHour = new Date(Math.floor(to.getTime() / HOUR) * HOUR);
  if (firstHour >= lastHour) return { edges: [[from, to]], hours: [], days: null, rolled: null };
  const edges: [Date, Date][] = [];
  if (from < firstHour) edges.push([from, firstHour]);
  if (lastHour < to) edges.push([lastHour, to]);
  let fromDay = todayInJapan(firstHour);
  if (startOfDayInJapan(fromDay) < firstHour) fromDay = plusDays(fromDay, 1);
  const toDay = todayInJapan(lastHour);
  const rolled: [Date, Date] = [firstHour, lastHour];
  if (fromDay >= toDay) return { edges, hours: hoursOf(firstHour, lastHour), days: null, rolled };
  return {
    edges,
    hours: [
      ...hoursOf(firstHour, startOfDayInJapan(fromDay)),
      ...hoursOf(startOfDayInJapan(toDay), lastHour),
    ],
    days: { fromDay, toDay },
    rolled,
  };
}
