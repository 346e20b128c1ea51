import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/**
 * The directory holding the server build this run made once (its dist/ under it), made by the e2e
 * global set-up (test/harness/build-server-once.mjs) before any test file started.
 */
export function serverBuild(): string {
  const copy = process.env.DAICHO_TEST_SERVER_BUILD;
  if (!copy || !existsSync(join(copy, 'dist'))) {
    throw new Error(
      'no server build for this run: the e2e global set-up builds it when the selected specs call serverBuild()',
    );
  }
  return copy;
}
