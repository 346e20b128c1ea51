/**
 * The console's dates are Japanese dates, whatever the browser's zone: Japan is UTC+9 all year
 * (no summer time), so a day in Japan is plain arithmetic on the instant. The server's calendar
 * (libs/platform) follows the same rule; the console cannot import it (it runs in a browser).
 */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';
const OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Japanese date (YYYY-MM-DD) of an instant, by default now. */
export const dayInJapan = (at: Date = new Date()): string =>
  new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The instant a Japanese date begins (00:00 JST), as ISO-8601. */
export const startOfDayInJapan = (day: string): string =>
  new Date(`${day}T00:00:00+09:00`).toISOString();

/** The instant the day after a Japanese date begins: the exclusive end of a period ending on it. */
export const endOfDayInJapan = (day: string): string =>
  new Date(new Date(`${day}T00:00:00+09:00`).getTime() + DAY_MS).toISOString();

/** The Japanese date `days` before today. */
export const daysAgoInJapan = (days: number): string =>
  dayInJapan(new Date(Date.now() - days * DAY_MS));
