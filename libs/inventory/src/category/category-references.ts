import type { RequestContext } from '@daicho/access';
import { ConflictError } from '@daicho/platform';
import { lockEntry, type Entry, type EntrySpec } from '../catalog/catalog-entries';
import { DataCategoryEntity } from './data-category.entity';

type ReferenceColumn = 'purpose_codes' | 'system_codes' | 'entrusted_to' | 'provided_to';

/** Refuses to retire a purpose, system or recipient that an active category still names. */
export async function assertNotReferenced<E extends Entry>(
  tx: RequestContext,
  spec: EntrySpec<E>,
  columns: readonly ReferenceColumn[],
  code: string,
  what: string,
): Promise<void> {
  // The entry first: a category naming it locks it for share (assertReferencesExist), so either
  // that change waits for this retirement and finds the entry retired, or this one waits for it
  // and finds the category naming the entry. Read unlocked, both passed their checks.
  await lockEntry(tx, spec, code);
  const condition = columns.map((c) => `:code = ANY(c.${c})`).join(' OR ');
  const users = await tx.manager
    .createQueryBuilder(DataCategoryEntity, 'c')
    .select('c.code', 'code')
    .where(`c.retired_at IS NULL AND (${condition})`, { code })
    .orderBy('c.code')
    .getRawMany<{ code: string }>();
  if (users.length) {
    throw new ConflictError(
      `${what} ${code} is still named by ${users.map((u) => u.code).join(', ')}; remove it there first.`,
    );
  }
}
