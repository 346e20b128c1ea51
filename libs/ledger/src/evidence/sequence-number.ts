import { BadUserInputError } from '@daicho/platform';

/**
 * A ledger sequence number sent as text (a query string, a command-line flag): 1, 2, … and no
 * more than JavaScript counts exactly. `shown` is how the caller named it (`fromSeq`, `--from`).
 */
export function sequenceNumber(
  value: string | undefined,
  field: string,
  shown = field,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new BadUserInputError(`${shown} must be a sequence number (1, 2, …).`, [field]);
  }
  return Number(value);
}
