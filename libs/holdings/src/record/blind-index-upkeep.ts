import type { RequestContext } from '@daicho/access';
import { blindIndex, type BlindIndexKind } from '../crypto/blind-index';
import { PersonalRecordEntity } from './personal-record.entity';
import type { RecordValues } from './record-values';
import { openValues } from './record-vault';

/** Items whose values make a subject findable by the CPO (requests from the person). */
const INDEXED_ITEMS: Readonly<Record<string, BlindIndexKind>> = {
  email: 'EMAIL',
  phone: 'PHONE',
  callerNumber: 'PHONE',
  name: 'NAME',
  callerName: 'NAME',
};

/** Whether an item's values are indexed (a change of it rebuilds the person's digests). */
export const isIndexedItem = (key: string): boolean => Object.hasOwn(INDEXED_ITEMS, key);

/**
 * Keeps the subject findable by what the person will tell us (APPI arts. 33–35): a keyed digest
 * of each indexed value written, never the value (an erasure removes them; a disposal or a
 * change of an indexed value rebuilds them from what the person holds now).
 */
export async function indexValues(
  ctx: RequestContext,
  indexKey: Buffer,
  subjectId: string,
  values: RecordValues,
): Promise<void> {
  const rows = Object.entries(values).flatMap(([key, value]) => {
    const kind = Object.hasOwn(INDEXED_ITEMS, key) ? INDEXED_ITEMS[key] : undefined;
    const digest = kind ? blindIndex(indexKey, kind, value) : null;
    return kind && digest ? [{ kind, digest }] : [];
  });
  for (const { kind, digest } of rows) {
    await ctx.manager.query(
      `INSERT INTO subject_blind_indexes (subject_id, kind, digest) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [subjectId, kind, digest],
    );
  }
}

/**
 * Rebuilds a person's digests from their records still active, after some of their records were
 * disposed of or a value changed (APPI arts. 34–35): a digest of a value no longer held must go
 * with it. Call with the person's row locked exclusively, in the change's transaction.
 */
export async function reindexSubject(
  ctx: RequestContext,
  indexKey: Buffer,
  subjectId: string,
  subjectKey: Buffer,
): Promise<void> {
  await ctx.manager.query('DELETE FROM subject_blind_indexes WHERE subject_id = $1', [subjectId]);
  const active = await ctx.manager.find(PersonalRecordEntity, {
    where: { subjectId, status: 'ACTIVE' },
  });
  for (const record of active) {
    await indexValues(ctx, indexKey, subjectId, openValues(subjectKey, record));
  }
}
