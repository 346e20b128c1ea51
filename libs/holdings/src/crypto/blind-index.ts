import { createHmac } from 'node:crypto';

export type BlindIndexKind = 'EMAIL' | 'PHONE' | 'NAME';

/**
 * Normalises what a person might type so the same address, number or name always gives the same
 * index: NFKC (full-width → half-width, compatibility forms), case, spaces and separators.
 */
export function normalise(kind: BlindIndexKind, value: string): string | null {
  const text = value.normalize('NFKC').trim();
  switch (kind) {
    case 'EMAIL': {
      const email = text.toLowerCase();
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
    }
    case 'PHONE': {
      let digits = text.replace(/[\s()\-.‐－―ー]/g, '');
      if (digits.startsWith('+81')) digits = `0${digits.slice(3).replace(/^0/, '')}`;
      return /^0\d{9,10}$/.test(digits) ? digits : null;
    }
    case 'NAME': {
      const name = text.replace(/[\s\u3000・･]/g, '').toLowerCase();
      return name.length > 0 ? name : null;
    }
  }
}

/** Keyed HMAC of the normalised value: the database can match it but never reads the value. */
export function blindIndex(key: Buffer, kind: BlindIndexKind, value: string): Buffer | null {
  const normalised = normalise(kind, value);
  if (normalised === null) return null;
  return createHmac('sha256', key).update(`${kind}:${normalised}`).digest();
}
