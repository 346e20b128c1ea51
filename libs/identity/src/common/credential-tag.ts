/**
 * The payload the database's trigger sends on `daicho_credentials` when a user's or an API key's
 * sign-in facts change (migration ChangeNotifications): what a cached copy is tagged with.
 */
export function credentialTag(kind: 'user' | 'key', id: string): string {
  return `${kind}:${id}`;
}
