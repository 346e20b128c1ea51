import { MY_NUMBER_ITEM_KEY, type RequestContext } from '@daicho/access';
import { BadUserInputError, ConflictError, refuseNulls } from '@daicho/platform';
import { In, IsNull, type EntityManager } from 'typeorm';
import { RecipientKind } from '../catalog/catalog-enums';
import { unknownCodes } from '../catalog/catalog-errors';
import { LONGEST_PERIOD_YEARS, isRetentionPeriod } from '../catalog/iso-duration';
import { PurposeEntity } from '../purpose/purpose.entity';
import { RecipientEntity } from '../recipient/recipient.entity';
import { StorageSystemEntity } from '../system/storage-system.entity';
import type { DataCategoryChanges } from './dto/category.inputs';
import type { ItemUsage } from './item-usage';

/** Fields a new category must have (the rest have defaults). */
export const REQUIRED_ON_CREATE = [
  'name',
  'description',
  'subjectType',
  'ownerDepartment',
  'responsibleManager',
  'items',
  'purposeCodes',
  'acquisitionMethods',
  'acquisitionSource',
  'legalBasis',
  'consentRequired',
  'disclosureTarget',
  'approximateRecords',
  'retentionPeriod',
  'retentionTrigger',
  'disposalMethod',
  'handlingRoles',
  'sensitivity',
  'accidentSeverity',
] as const satisfies readonly (keyof DataCategoryChanges)[];

export function assertComplete(input: DataCategoryChanges): void {
  const missing = REQUIRED_ON_CREATE.filter((k) => input[k] === undefined || input[k] === null);
  if (missing.length) {
    throw new BadUserInputError(`A new category needs ${missing.join(', ')}.`, missing);
  }
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** The only field a change may clear with null; every other one takes a value or is left out. */
const CLEARABLE = new Set(['remarks']);

/** Checks that need no database: no nulls, durations, unique item keys and stages. */
export function assertWellFormed(changes: DataCategoryChanges): void {
  // A null name or items broke a NOT NULL column when approved (a 500); a null purposeItems read
  // as "none" to the approver and was refilled from the seed at the next start.
  refuseNulls(changes, (field) => CLEARABLE.has(field));
  for (const field of ['retentionPeriod', 'reviewInterval'] as const) {
    const value = changes[field];
    if (value !== undefined && !isRetentionPeriod(value)) {
      throw new BadUserInputError(
        `${field} must be a positive ISO-8601 duration of at most ${LONGEST_PERIOD_YEARS} years, such as P5Y, P6M or P30D.`,
        [field],
      );
    }
  }
  const keys = duplicates((changes.items ?? []).map((i) => i.key));
  if (keys.length)
    throw new BadUserInputError(`items has duplicate keys: ${keys.join(', ')}.`, ['items']);
  // The access rules withhold My Number by its key (role-policies): another key would escape them.
  const misnamed = (changes.items ?? []).filter((i) => i.myNumber && i.key !== MY_NUMBER_ITEM_KEY);
  if (misnamed.length) {
    throw new BadUserInputError(
      `items: My Number is held under the key ${MY_NUMBER_ITEM_KEY} only (My Number Act art. 19), not ${misnamed.map((i) => i.key).join(', ')}.`,
      ['items'],
    );
  }
  const stages = duplicates((changes.riskAssessment ?? []).map((r) => r.stage));
  if (stages.length) {
    throw new BadUserInputError(`riskAssessment repeats stages: ${stages.join(', ')}.`, [
      'riskAssessment',
    ]);
  }
  for (const field of ['purposeCodes', 'systemCodes', 'entrustedTo', 'providedTo'] as const) {
    const repeated = duplicates(changes[field] ?? []);
    if (repeated.length)
      throw new BadUserInputError(`${field} repeats ${repeated.join(', ')}.`, [field]);
  }
}

/**
 * Every referenced purpose, system and recipient exists, is not retired, and is of the right kind;
 * each stays so until the change commits (locked for share: a retirement locks the entry before
 * it looks for categories naming it).
 */
export async function assertReferencesExist(
  tx: RequestContext,
  changes: DataCategoryChanges,
): Promise<void> {
  const active = { retiredAt: IsNull() };
  const forShare = { lock: { mode: 'pessimistic_read' as const }, order: { code: 'ASC' as const } };
  const check = async <T extends { code: string }>(
    field: string,
    noun: string,
    codes: string[] | undefined,
    load: (codes: string[]) => Promise<T[]>,
  ) => {
    if (!codes?.length) return;
    const found = new Set((await load(codes)).map((e) => e.code));
    const missing = codes.filter((c) => !found.has(c));
    if (missing.length) throw unknownCodes(field, noun, missing);
  };
  await check('purposeCodes', 'purposes', changes.purposeCodes, (codes) =>
    tx.manager.find(PurposeEntity, { where: { code: In(codes), ...active }, ...forShare }),
  );
  await check('systemCodes', 'storage systems', changes.systemCodes, (codes) =>
    tx.manager.find(StorageSystemEntity, { where: { code: In(codes), ...active }, ...forShare }),
  );
  await check('entrustedTo', 'contractors', changes.entrustedTo, (codes) =>
    tx.manager.find(RecipientEntity, {
      where: { code: In(codes), kind: RecipientKind.CONTRACTOR, ...active },
      ...forShare,
    }),
  );
  await check('providedTo', 'third parties', changes.providedTo, (codes) =>
    tx.manager.find(RecipientEntity, {
      where: { code: In(codes), kind: RecipientKind.THIRD_PARTY, ...active },
      ...forShare,
    }),
  );
}

/** Items may be added freely; removing one that records still use would orphan their values. */
export async function assertRemovedItemsUnused(
  usage: ItemUsage,
  manager: EntityManager,
  code: string,
  before: readonly { key: string }[],
  after: readonly { key: string }[] | undefined,
): Promise<void> {
  if (!after) return;
  const kept = new Set(after.map((i) => i.key));
  const removed = before.map((i) => i.key).filter((k) => !kept.has(k));
  if (removed.length === 0) return;
  // No count in the answer: a department proposes here, and how many persons' records hold an
  // item is a read of records' metadata it would get with no entry in the ledger.
  if ((await usage.recordsUsing(manager, code, removed)) > 0) {
    throw new ConflictError(
      `Records of ${code} still hold ${removed.join(', ')}; dispose of or migrate them before removing the item.`,
    );
  }
}
