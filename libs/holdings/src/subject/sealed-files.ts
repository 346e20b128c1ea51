import type { RequestContext } from '@daicho/access';
import { DecryptionFailedError } from '@daicho/platform';
import { DecryptionFailed, open, seal } from '../crypto/envelope';
import type { HoldingsKeys } from '../crypto/holdings-keys';
import { createSubject, dataKeysOf } from './subject-keys';

/**
 * The kind of a key holder that is no person: a file of texts that belong to no one person (an
 * incident's description and notes, which may name many). It lives in data_subjects so that its
 * key is wrapped, rotated and erasable like a person's, but it holds no personal record, so no
 * count of persons (which all go through personal_records) ever includes it.
 */
export const SEALED_FILE = 'SEALED_FILE';

/** A new sealed file (its own data key, wrapped under the current master key); its id. */
export async function newSealedFile(tx: RequestContext, keys: HoldingsKeys): Promise<string> {
  return (await createSubject(tx, keys, SEALED_FILE)).id;
}

/** Seals `text` in the file, bound to `aad` (what it is, e.g. `incident:<id>:title`). */
export async function sealInFile(
  tx: RequestContext,
  keys: HoldingsKeys,
  fileId: string,
  aad: string,
  text: string,
): Promise<Buffer> {
  const key = (await dataKeysOf(tx, keys, [fileId])).get(fileId)!;
  return seal(key, Buffer.from(text, 'utf8'), aad);
}

/** Opens texts sealed in one file (each with its own `aad`); DECRYPTION_FAILED if altered. */
export async function openInFile(
  tx: RequestContext,
  keys: HoldingsKeys,
  fileId: string,
  sealed: readonly { aad: string; bytes: Buffer }[],
): Promise<string[]> {
  if (sealed.length === 0) return [];
  const key = (await dataKeysOf(tx, keys, [fileId])).get(fileId)!;
  return sealed.map(({ aad, bytes }) => {
    try {
      return open(key, bytes, aad).toString('utf8');
    } catch (error) {
      if (!(error instanceof DecryptionFailed)) throw error;
      throw new DecryptionFailedError(
        `A sealed text (${aad.split(':').slice(0, 2).join(':')}) does not authenticate (altered or moved); report an incident.`,
      );
    }
  });
}
