/** One WEBHOOK_ALLOWED_HOSTS entry: a host name or address, its port, and whether plain http is allowed. */
export interface AllowedHost {
  host: string;
  /** null: the scheme's default port only (443, or 80 for http). */
  port: number | null;
  http: boolean;
}

/** Why a webhook URL may not be used; the message names what to change, never echoes the URL. */
export type UrlProblem = 'not a URL' | 'scheme' | 'credentials' | 'host not allowed' | 'fragment';

/**
 * Parses WEBHOOK_ALLOWED_HOSTS: `host[:port]` separated by commas, each optionally prefixed `http:`
 * (plain http is for loopback test endpoints and internal networks; https otherwise). Host names
 * compare case-insensitively; IPv6 literals are written in brackets.
 */
export function parseAllowedHosts(setting: string): AllowedHost[] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const http = entry.startsWith('http:');
      const rest = http ? entry.slice('http:'.length) : entry;
      const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(rest);
      if (!match?.[1]) throw new Error(`WEBHOOK_ALLOWED_HOSTS entry "${entry}" is not host[:port]`);
      const port = match[2] === undefined ? null : Number(match[2]);
      if (port !== null && (port < 1 || port > 65535))
        throw new Error(`WEBHOOK_ALLOWED_HOSTS entry "${entry}" has no valid port`);
      return { host: match[1].toLowerCase(), port, http };
    });
}

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
    case 'host not allowed':
      return 'url must name a host and port listed in WEBHOOK_ALLOWED_HOSTS (ask the administrator of the servers).';
  }
}
