/** One WEBHOOK_ALLOWED_HOSTS entry: a host name or address, its port, and whether plain http is allowed. */
export interface AllowedHost {
  host: string;
  /** null: the scheme's default port only (443, or 80 for http). */
  port: number | null;
  http: boolean;
}

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
      if (!match?.[1]) throw new Error(`"${entry}" is not host[:port]`);
      const port = match[2] === undefined ? null : Number(match[2]);
      if (port !== null && (port < 1 || port > 65535))
        throw new Error(`"${entry}" has no valid port`);
      return { host: match[1].toLowerCase(), port, http };
    });
}
