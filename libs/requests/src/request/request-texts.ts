import type { RequestContext } from '@daicho/access';
import { DecryptionFailed, HoldingsKeys, open, recordKeyFor, seal } from '@daicho/holdings';
import { ConflictError, DecryptionFailedError, isGiven } from '@daicho/platform';

/** The free texts a request keeps: people write them, so they may name people. */
export type RequestTextField =
  'identityNote' | 'clientInstruction' | 'decisionNote' | 'feeReference';

/** The request a text belongs to: sealed under its requester record's key. */
export interface TextOwner {
  id: string;
  number: string;
  requester_record_id: string;
}

/** Binds a sealed text to its request, field and (for repeated steps) the step's own id. */
const aad = (request: TextOwner, field: RequestTextField, part?: string) =>
  `request-text:${request.id}:${field}${part ? `:${part}` : ''}`;

/**
 * Seals a request's free text under the requester's record key (holdings): unreadable in the
 * database, bound to its request and field, and gone with the requester's record when its
 * retention ends (APPI art. 35; policy "Procedures" §5: only as far as the answer needs).
 */
export async function sealRequestText(
  tx: RequestContext,
  keys: HoldingsKeys,
  request: TextOwner,
  field: RequestTextField,
  text: string | null | undefined,
  part?: string,
): Promise<Buffer | null> {
  // No note, sent as null or left out: nothing to seal (once Buffer.from(null), a 500).
  if (!isGiven(text)) return null;
  const key = await recordKeyFor(tx, keys, request.requester_record_id);
  if (!key)
    throw new ConflictError(
      `Request ${request.number}'s requester record was disposed of: it takes no more notes.`,
    );
  return seal(key, Buffer.from(text, 'utf8'), aad(request, field, part));
}

/** A sealed text in clear; null when the requester's record (and so its key) is gone. */
export async function openRequestText(
  tx: RequestContext,
  keys: HoldingsKeys,
  request: TextOwner,
  field: RequestTextField,
  sealed: Buffer,
  part?: string,
): Promise<string | null> {
  const key = await recordKeyFor(tx, keys, request.requester_record_id);
  if (!key) return null;
  try {
    return open(key, sealed, aad(request, field, part)).toString('utf8');
  } catch (error) {
    if (!(error instanceof DecryptionFailed)) throw error;
    throw new DecryptionFailedError(
      `The ${field} of request ${request.number} does not authenticate (altered or moved); report an incident.`,
    );
  }
}
