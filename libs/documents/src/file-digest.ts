import { createHash } from 'node:crypto';

/** The SHA-256 (hex) a document's EXPORT entry records, so what went out matches its file. */
export const fileDigest = (body: Buffer): string => createHash('sha256').update(body).digest('hex');
