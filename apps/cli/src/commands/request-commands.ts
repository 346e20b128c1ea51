import type { INestApplicationContext } from '@nestjs/common';
import {
  addBusinessDays,
  BadUserInputError,
  businessDaysBetween,
  todayInJapan,
} from '@daicho/platform';
import { RequestReader } from '@daicho/requests';
import { cliContext } from '../cli-operator';

export interface RequestsDueOptions {
  within?: string;
}

/**
 * `requests:due [--within N]`: open requests whose internal target or art. 39 date falls within
 * N business days (default 3) or has passed, soonest first; overdue ones are marked. Numbers,
 * kinds, statuses and dates only: nothing about the requester.
 */
export async function requestsDue(
  app: INestApplicationContext,
  options: RequestsDueOptions,
): Promise<void> {
  const within = options.within === undefined ? 3 : Number(options.within);
  if (!Number.isInteger(within) || within < 0 || within > 60) {
    throw new BadUserInputError('--within must be a number of business days from 0 to 60.', [
      'within',
    ]);
  }
  const today = todayInJapan();
  const until = addBusinessDays(today, within);
  const rows = await app.get(RequestReader).due(cliContext(app), until);
  if (rows.length === 0) {
    console.log(`No open request falls due by ${until}.`);
    return;
  }
  console.log(`${rows.length} open request(s) fall due by ${until} (today ${today}, JST):`);
  console.log('number        kind                    status       due on      left  art. 39 on');
  for (const r of rows) {
    const left = businessDaysBetween(r.paused_on ?? today, r.due_on);
    const flag = r.art39_on <= today ? '  ART39 PASSED' : r.due_on < today ? '  OVERDUE' : '';
    console.log(
      `${r.number.padEnd(13)} ${r.kind.padEnd(23)} ${r.status.padEnd(12)} ${r.due_on}  ${String(left).padStart(4)}  ${r.art39_on}${flag}`,
    );
  }
}
