import type { RequestContext } from '@daicho/access';
import { blindIndex, type BlindIndexKind } from '../crypto/blind-index';
import type { RecordValues } from './record-values';

/** Items whose values make a subject findable by the CPO (requests from the person). */
const INDEXED_ITEMS: Readonly<Record<string, BlindIndexKind>> = {
  email: 'EMAIL',
  phone: 'PHONE',
  callerNumber: 'PHONE',
  name: 'NAME',
  callerName: 'NAME',
};

/**
 * Keeps the subject findable by what the person will tell us (APPI arts. 33–35): a keyed digest
 * of each indexed value written, never the value; digests only accumulate (an erasure removes them).
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
