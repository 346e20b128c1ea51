/**
 * The payload the database's trigger sends on `daicho_credentials` when a user's or an API key's
 * sign-in facts change (migration ChangeNotifications): what a cached copy is tagged with.
 */
export function credentialTag(kind: 'user' | 'key', id: string): string {
  return `${kind}:${id}`;
}

/** What a `daicho_credentials` payload ends: the copies so tagged, or all of them (TRUNCATE). */
export function credentialTagOf(payload: string): string | null {
  return payload === 'all' ? null : payload;
}
