import { JAPAN_TIME_ZONE, type Lang } from '@daicho/platform';

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A calendar day (YYYY-MM-DD, a day in Japan) as a letter writes it, with its weekday, since the
 * person counts business days from it: 2026年4月15日（水） / Wed 15 April 2026.
 */
export function dateText(day: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`not a calendar date: ${day}`);
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  return lang === 'ja'
    ? `${year}年${month}月${date}日（${WEEKDAYS_JA[weekday]}）`
    : `${WEEKDAYS_EN[weekday]} ${date} ${MONTHS_EN[month - 1]} ${year}`;
}

/** An instant in Japan time, to the second: 2026年4月1日（水） 17:59:30（日本時間）. */
export function dateTimeText(at: Date, lang: Lang): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: JAPAN_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<Intl.DateTimeFormatPartTypes, string>;
  const day = dateText(`${parts.year}-${parts.month}-${parts.day}`, lang);
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return lang === 'ja' ? `${day} ${time}（日本時間）` : `${day}, ${time} JST`;
}

/** A sum of yen: 1,000円 / JPY 1,000. */
export const yenText = (amount: number, lang: Lang): string =>
  lang === 'ja' ? `${amount.toLocaleString('ja-JP')}円` : `JPY ${amount.toLocaleString('en-US')}`;
