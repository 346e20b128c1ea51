import type { RequestContext } from '@daicho/access';
import { returnedRow } from '@daicho/platform';

/**
 * The next request number of a year, R-2026-0001 onwards: the year's counter row is updated in
 * the request's own transaction, so numbers are unique and gapless (a rolled-back intake gives
 * its number back) and two intakes at once queue on the row.
 */
export async function nextRequestNumber(tx: RequestContext, year: number): Promise<string> {
  const { last } = returnedRow(
    await tx.manager.query<{ last: number }[]>(
      `INSERT INTO request_numbers (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = request_numbers.last + 1 RETURNING last`,
      [year],
    ),
    'request number',
  );
  return `R-${year}-${String(last).padStart(4, '0')}`;
}
