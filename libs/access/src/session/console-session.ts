import { parse } from 'cookie';

/** The console's session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS; never in script. */
export const SESSION_COOKIE = 'daicho_session';
/**
 * The header the console's own script sends with every call. A cookie rides along with any
 * request a browser makes to us; a form, a link or an image cannot add a header, and another
 * origin's script would need a CORS preflight we never grant: with SameSite=Strict, this is the
 * CSRF defence (OWASP CSRF cheat sheet: custom request headers).
 */
export const CONSOLE_HEADER = 'x-daicho-console';

/**
 * The session token a request carries in the console's cookie, when it also carries the console's
 * header; null otherwise (then only an Authorization header counts). API keys never travel in a
 * cookie.
 */
export function consoleSessionToken(
  headers: Record<string, string | string[] | undefined>,
): string | null {
  const cookies = headers.cookie;
  if (typeof cookies !== 'string' || headers[CONSOLE_HEADER] !== '1') return null;
  // Two cookies of the name: a sibling host may have set one for a narrower path (cookie
  // tossing), and the browser sends that one first; take neither rather than a session it chose.
  if (sessionCookieCount(cookies) !== 1) return null;
  const token = parse(cookies)[SESSION_COOKIE];
  return token && !token.startsWith('dk_') ? token : null;
}

function sessionCookieCount(header: string): number {
  return header.split(';').filter((pair) => pair.split('=', 1)[0]!.trim() === SESSION_COOKIE)
    .length;
}
