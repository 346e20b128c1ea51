import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Format byte, so the layout can change without guessing: 0x01 = AES-256-GCM, 12-byte IV, 16-byte tag. */
const FORMAT = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/**
 * Raised when a ciphertext was altered, moved to another record, or opened with the wrong key.
 * Internal: the callers map it to the DomainError with code DECRYPTION_FAILED.
 */
export class DecryptionFailed extends Error {
  constructor() {
    super('The value was altered, moved, or its key is gone.');
    this.name = 'DecryptionFailed';
  }
}

/**
 * AES-256-GCM with a fresh random 96-bit IV per message and associated data that binds the
 * ciphertext to where it belongs (e.g. the record id and item): a value copied to another row
 * fails authentication instead of decrypting to the wrong person's data.
 */
export function seal(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('AES-256-GCM needs a 32-byte key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT)
    throw new DecryptionFailed();
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DecryptionFailed();
  }
}

/** The IV of a sealed value (tests check IVs never repeat under one key). */
export function ivOf(sealed: Buffer): Buffer {
  return sealed.subarray(1, 1 + IV_BYTES);
}
