import type { RequestContext } from '@daicho/access';
import { ConflictError, refuseNulls } from '@daicho/platform';
import type { EntityTarget, FindOptionsWhere } from 'typeorm';
import type { CatalogEntryColumns } from './catalog-entry';
import { insertOnce, notFound, staleVersion } from './catalog-errors';
import { CatalogHistory, changedFields } from './catalog-history';
import type { CatalogEntityType } from './catalog-version.entity';

export type Entry = CatalogEntryColumns & { code: string };

/** What the shared create / update / retire steps need to know about one kind of catalog entry. */
export interface EntrySpec<E extends Entry> {
  target: EntityTarget<E>;
  entityType: CatalogEntityType;
  /** In messages: "purpose", "storage system"… */
  noun: string;
  /** The fields that carry content (compared for history). */
  fields: readonly (keyof E)[];
}

const byCode = <E extends Entry>(code: string) => ({ code }) as FindOptionsWhere<E>;

/**
 * Loads an entry for change, locking its row until the transaction ends. FOR NO KEY UPDATE: a
 * code never changes, so rows that merely reference it (a record's category, through its foreign
 * key) need not wait for a change of the entry; writers that depend on its contents lock it
 * themselves (`lockedForShare`).
 */
export async function lockEntry<E extends Entry>(
  tx: RequestContext,
  spec: EntrySpec<E>,
  code: string,
): Promise<E> {
  const entry = await tx.manager.findOne(spec.target, {
    where: byCode<E>(code),
    lock: { mode: 'for_no_key_update' },
  });
  if (!entry) throw notFound(spec.noun, code);
  return entry;
}

export async function createEntry<E extends Entry>(
  tx: RequestContext,
  history: CatalogHistory,
  spec: EntrySpec<E>,
  values: Omit<E, keyof CatalogEntryColumns>,
  note?: string,
): Promise<E> {
  const code = values.code;
  if (await tx.manager.existsBy(spec.target, byCode<E>(code))) {
    throw new ConflictError(`A ${spec.noun} with code ${code} already exists.`);
  }
  const entry = tx.manager.create(spec.target, {
    ...values,
    version: 1,
    retiredAt: null,
    updatedAt: new Date(),
    updatedBy: tx.actor.id,
  } as unknown as E);
  // An INSERT, never save's look-up-then-write: a create racing another of the same code (both
  // past the check above) ends in the unique key's CONFLICT, not in an UPDATE of the other's row.
  await insertOnce(spec.noun, code, () => tx.manager.insert(spec.target, entry as never));
  await history.record(tx, {
    entityType: spec.entityType,
    code,
    version: 1,
    snapshot: entry,
    changedFields: spec.fields.map(String),
    change: 'CREATED',
    note,
  });
  return entry;
}

/**
 * Applies the given changes (undefined = unchanged). No change, no new version; otherwise the
 * version goes up by one and the new state is kept in the history.
 */
export async function updateEntry<E extends Entry>(
  tx: RequestContext,
  history: CatalogHistory,
  spec: EntrySpec<E>,
  code: string,
  changes: Partial<E>,
  options: { expectedVersion?: number; note?: string } = {},
): Promise<E> {
  const before = await lockEntry(tx, spec, code);
  if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
    throw staleVersion(spec.noun, code, options.expectedVersion, before.version);
  }
  // A change may clear a field with null only where its column may be empty (a remark).
  const columns = tx.manager.connection.getMetadata(spec.target);
  refuseNulls(
    changes,
    (field) =>
      !spec.fields.includes(field as keyof E) ||
      !!columns.findColumnWithPropertyName(field)?.isNullable,
  );
  const defined = Object.fromEntries(
    Object.entries(changes).filter(
      ([key, value]) => value !== undefined && spec.fields.includes(key as keyof E),
    ),
  ) as Partial<E>;
  const after = { ...before, ...defined };
  const changed = changedFields(before, after, spec.fields);
  if (changed.length === 0) return before;
  Object.assign(after, {
    version: before.version + 1,
    updatedAt: new Date(),
    updatedBy: tx.actor.id,
  });
  const saved = await tx.manager.save(spec.target, after);
  await history.record(tx, {
    entityType: spec.entityType,
    code,
    version: saved.version,
    snapshot: saved,
    changedFields: changed,
    change: 'UPDATED',
    note: options.note,
  });
  return saved;
}

/** Retire instead of delete: the entry stays for the history and what refers to it. */
export async function retireEntry<E extends Entry>(
  tx: RequestContext,
  history: CatalogHistory,
  spec: EntrySpec<E>,
  code: string,
  note: string,
): Promise<E> {
  const entry = await lockEntry(tx, spec, code);
  if (entry.retiredAt) throw new ConflictError(`${spec.noun} ${code} is already retired.`);
  Object.assign(entry, {
    retiredAt: new Date(),
    version: entry.version + 1,
    updatedAt: new Date(),
    updatedBy: tx.actor.id,
  });
  const saved = await tx.manager.save(spec.target, entry);
  await history.record(tx, {
    entityType: spec.entityType,
    code,
    version: saved.version,
    snapshot: saved,
    changedFields: ['retiredAt'],
    change: 'RETIRED',
    note,
  });
  return saved;
}
