import { BadUserInputError } from '../errors/domain-error';
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
  /** The input field the year came from, named in a refusal. */
  field: string,
): Promise<string> {
  if (!Number.isInteger(year) || year < 2000 || year > 9999)
    throw new BadUserInputError(
      `${field} lies before 2000: registers are numbered from the year 2000 on.`,
      [field],
    );
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
