import { BadUserInputError } from '@daicho/platform';
import { ItemValueType, type DataItem } from '@daicho/inventory';
import { DateTime } from 'luxon';

export type RecordValues = Record<string, string>;

const CHECK: Record<string, (v: string) => boolean> = {
  TEXT: (v) => v.length <= 10_000,
  DATE: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid,
  DATETIME: (v) =>
    DateTime.fromISO(v, { setZone: true }).isValid && /T.*(Z|[+-]\d{2}:\d{2})$/.test(v),
  NUMBER: (v) => /^-?\d+(\.\d+)?$/.test(v),
};

/**
 * A record holds values only for its category's items: unknown items, missing required ones and
 * values of the wrong type are refused, naming the items (never echoing the values).
 */
export function checkValues(
  items: readonly DataItem[],
  values: RecordValues,
  partial = false,
): void {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const unknown = Object.keys(values).filter((k) => !byKey.has(k));
  if (unknown.length) {
    throw new BadUserInputError(
      `These are not items of the category: ${unknown.join(', ')}.`,
      unknown.map((k) => `values.${k}`),
    );
  }
  const binary = Object.keys(values).filter(
    (k) => byKey.get(k)?.valueType === ItemValueType.BINARY,
  );
  if (binary.length) {
    throw new BadUserInputError(
      `${binary.join(', ')} ${binary.length > 1 ? 'are' : 'is'} uploaded as a file, not sent as a value.`,
      binary.map((k) => `values.${k}`),
    );
  }
  if (!partial) {
    const missing = items
      .filter((i) => i.required && i.valueType !== ItemValueType.BINARY && !values[i.key])
      .map((i) => i.key);
    if (missing.length) {
      throw new BadUserInputError(
        `Required items are missing: ${missing.join(', ')}.`,
        missing.map((k) => `values.${k}`),
      );
    }
  }
  const wrong = Object.entries(values)
    .filter(
      ([k, v]) => !(CHECK[byKey.get(k)?.valueType ?? 'TEXT'] ?? CHECK.TEXT ?? (() => false))(v),
    )
    .map(([k]) => `${k} (${byKey.get(k)?.valueType})`);
  if (wrong.length) {
    throw new BadUserInputError(
      `These values do not have their item's type: ${wrong.join(', ')}.`,
      wrong.map((k) => `values.${k.split(' ')[0]}`),
    );
  }
}
