import { createHash, randomBytes } from 'node:crypto';

/** Bearer secrets (session tokens, API keys) are stored only as their SHA-256. */
export function sha256(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** 256 random bits, URL-safe. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
