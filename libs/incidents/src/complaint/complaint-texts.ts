import type { RequestContext } from '@daicho/access';
import { DecryptionFailed, HoldingsKeys, open, recordKeyFor, seal } from '@daicho/holdings';
import { ConflictError, DecryptionFailedError, isGiven } from '@daicho/platform';

/** The free texts a complaint keeps besides the complainant's record: people write them. */
export type ComplaintTextField = 'stepNote' | 'outcomeNote';

/** The complaint a text belongs to: sealed under its complainant record's key. */
export interface ComplaintTextOwner {
  id: string;
  number: string;
  complainant_record_id: string;
}

/** Binds a sealed text to its complaint, field and (for steps) the step's own id. */
const aad = (complaint: ComplaintTextOwner, field: ComplaintTextField, part?: string) =>
  `complaint-text:${complaint.id}:${field}${part ? `:${part}` : ''}`;

/**
 * Seals a complaint's note under the complainant's record key (holdings): unreadable in the
 * database, bound to its complaint and field, and gone with the complainant's record when its
 * retention ends (APPI art. 40; policy §8: kept for answering the complaint only).
 */
export async function sealComplaintText(
  tx: RequestContext,
  keys: HoldingsKeys,
  complaint: ComplaintTextOwner,
  field: ComplaintTextField,
  text: string | null | undefined,
  part?: string,
): Promise<Buffer | null> {
  // No note, sent as null or left out: nothing to seal (once Buffer.from(null), a 500).
  if (!isGiven(text)) return null;
  const key = await recordKeyFor(tx, keys, complaint.complainant_record_id);
  if (!key)
    throw new ConflictError(
      `Complaint ${complaint.number}'s complainant record was disposed of: it takes no more notes.`,
    );
  return seal(key, Buffer.from(text, 'utf8'), aad(complaint, field, part));
}

/**
 * Sealed texts of one complaint in clear, in order (null where nothing was sealed); all null once
 * the complainant's record (and so its key) is gone. DECRYPTION_FAILED if one was altered.
 */
export async function openComplaintTexts(
  tx: RequestContext,
  keys: HoldingsKeys,
  complaint: ComplaintTextOwner,
  sealed: readonly { field: ComplaintTextField; bytes: Buffer | null; part?: string }[],
): Promise<(string | null)[]> {
  if (sealed.every((s) => s.bytes === null)) return sealed.map(() => null);
  const key = await recordKeyFor(tx, keys, complaint.complainant_record_id);
  if (!key) return sealed.map(() => null);
  return sealed.map(({ field, bytes, part }) => {
    if (bytes === null) return null;
    try {
      return open(key, bytes, aad(complaint, field, part)).toString('utf8');
    } catch (error) {
      if (!(error instanceof DecryptionFailed)) throw error;
      throw new DecryptionFailedError(
        `The ${field} of complaint ${complaint.number} does not authenticate (altered or moved); report an incident.`,
      );
    }
  });
}
