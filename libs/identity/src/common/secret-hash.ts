import { createHash, randomBytes } from 'node:crypto';

/** Bearer secrets (session tokens, API keys) are stored only as their SHA-256. */
export function sha256(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Every API key begins with this: a bearer credential says which kind it is, and a leaked key is
 * recognisable by secret scanners.
 */
export const API_KEY_PREFIX = 'dk_';

/** 256 random bits, URL-safe. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A session token: 256 random bits that never begin as an API key does. One random token in 64³
 * would, and it would then be looked up as a key and refused on every request.
 */
export function sessionToken(random: () => string = randomSecret): string {
  for (;;) {
    const token = random();
    if (!token.startsWith(API_KEY_PREFIX)) return token;
  }
}
