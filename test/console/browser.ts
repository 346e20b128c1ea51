import { existsSync } from 'node:fs';

/** Where Debian's chromium is (apt-get install chromium); Playwright's own download cannot work here. */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

/**
 * Browser tests run where Chromium is; in CI (.ci/run installs it) its absence is a failure, not
 * a skip. Elsewhere they say how to get it.
 */
export function chromiumOrSkip(): string | null {
  if (CHROMIUM && existsSync(CHROMIUM)) return CHROMIUM;
  const how = 'Browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH).';
  if (process.env.CI) throw new Error(how);
  console.warn(`SKIPPED: ${how}`);
  return null;
}
