import type { RequestContext } from '@daicho/access';
import { ConflictError } from '@daicho/platform';
import { DataCategoryEntity } from './data-category.entity';

type ReferenceColumn = 'purpose_codes' | 'system_codes' | 'entrusted_to' | 'provided_to';

/** Refuses to retire a purpose, system or recipient that an active category still names. */
export async function assertNotReferenced(
  tx: RequestContext,
  columns: readonly ReferenceColumn[],
  code: string,
  what: string,
): Promise<void> {
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
