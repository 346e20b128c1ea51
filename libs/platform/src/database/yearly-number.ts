import { returnedRow } from './returned-row';

/** The yearly counters and the prefix of the numbers they give. */
const COUNTERS = {
  request_numbers: 'R',
  incident_numbers: 'I',
  complaint_numbers: 'C',
} as const;

/**
 * The next number of a year, e.g. R-2026-0001 onwards: the year's counter row is updated in the
 * caller's transaction, so numbers are unique and gapless (a rolled-back registration gives its
 * number back) and two registrations at once queue on the row.
 */
export async function nextYearlyNumber(
  manager: { query<T>(sql: string, params?: unknown[]): Promise<T> },
  counter: keyof typeof COUNTERS,
  year: number,
): Promise<string> {
  const { last } = returnedRow(
    await manager.query<{ last: number }[]>(
      `INSERT INTO ${counter} (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = ${counter}.last + 1 RETURNING last`,
      [year],
    ),
    `${counter} counter`,
  );
  return `${COUNTERS[counter]}-${year}-${String(last).padStart(4, '0')}`;
}
