import type { RequestContext } from '@daicho/access';
import { dataKeysOf, HoldingsKeys, seal } from '@daicho/holdings';

/** The free texts a request keeps: people write them, so they may name people. */
export type RequestTextField = 'identityNote' | 'clientInstruction' | 'decisionNote';

/**
 * Seals a request's free text under the requester's data key (holdings): unreadable in the
 * database, bound to its request and field, and shredded with the requester's record when its
 * retention ends (APPI art. 35; policy "Procedures" §5: only as far as the answer needs).
 */
export async function sealRequestText(
  tx: RequestContext,
  keys: HoldingsKeys,
  request: { id: string; requester_subject_id: string },
  field: RequestTextField,
  text: string | undefined,
): Promise<Buffer | null> {
  if (text === undefined) return null;
  const key = (await dataKeysOf(tx, keys, [request.requester_subject_id])).get(
    request.requester_subject_id,
  );
  if (!key) throw new Error('the requester has no data key');
  return seal(key, Buffer.from(text, 'utf8'), `request-text:${request.id}:${field}`);
}
