import type { AllowedHost } from '@daicho/platform';

export { parseAllowedHosts, type AllowedHost } from '@daicho/platform';

/** Why a webhook URL may not be used; the message names what to change, never echoes the URL. */
export type UrlProblem =
  'not a URL' | 'scheme' | 'credentials' | 'host not allowed' | 'fragment' | 'too long';

const MAX_URL_LENGTH = 2048;

/** The URL as delivery uses it, or why it may not be used under `allowed`. */
export function checkWebhookUrl(
  text: string,
  allowed: readonly AllowedHost[],
): { url: URL } | { problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'scheme' };
  if (url.username || url.password) return { problem: 'credentials' };
  if (url.hash) return { problem: 'fragment' };
  // What is stored and sent is the normalised form, which may be longer than what was typed.
  if (url.href.length > MAX_URL_LENGTH) return { problem: 'too long' };
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const port = url.port === '' ? defaultPort : Number(url.port);
  const host = url.hostname.toLowerCase();
  const entry = allowed.find((a) => a.host === host && (a.port ?? defaultPort) === port);
  if (!entry) return { problem: 'host not allowed' };
  if (url.protocol === 'http:' && !entry.http) return { problem: 'scheme' };
  return { url };
}

/** What to tell the administrator about a refused URL. */
export function urlProblemMessage(problem: UrlProblem): string {
  switch (problem) {
    case 'not a URL':
      return 'url must be an absolute URL such as https://hooks.example.jp/daicho.';
    case 'scheme':
      return 'url must use https (http only for hosts listed with http: in WEBHOOK_ALLOWED_HOSTS).';
    case 'credentials':
      return 'url must not carry a user name or password; the signature authenticates Daicho.';
    case 'fragment':
      return 'url must not have a #fragment.';
    case 'too long':
      return `url must be at most ${MAX_URL_LENGTH} characters once normalised (non-ASCII characters are percent-encoded).`;
    case 'host not allowed':
      return 'url must name a host and port listed in WEBHOOK_ALLOWED_HOSTS (ask the administrator of the servers).';
  }
}
