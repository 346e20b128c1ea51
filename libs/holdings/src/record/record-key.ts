import type { RequestContext } from '@daicho/access';
import type { HoldingsKeys } from '../crypto/holdings-keys';
import { dataKeyOf } from '../subject/subject-keys';
import { PersonalRecordEntity } from './personal-record.entity';
import { recordKeyOf } from './record-vault';

/**
 * A record's own key, for texts that must go when the record goes: a disposal destroys it. A
 * request's notes and references are sealed under the requester's record key, so they end with
 * that record's retention (APPI art. 35; policy "Procedures" §5: only as far as the answer
 * needs). Null once the record was disposed of (what was sealed under it is gone).
 */
export async function recordKeyFor(
  tx: RequestContext,
  keys: HoldingsKeys,
  recordId: string,
): Promise<Buffer | null> {
  const record = await tx.manager.findOneBy(PersonalRecordEntity, { id: recordId });
  if (!record) throw new Error(`record ${recordId} does not exist`);
  if (record.status === 'DISPOSED' || !record.wrappedRecordKey) return null;
  return recordKeyOf(await dataKeyOf(tx, keys, record.subjectId), record);
}
