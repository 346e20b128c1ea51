import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const BUILDS = join(ROOT, '.test-builds');
const LOCK = join(BUILDS, 'lock');
const STALE_MS = 5 * 60_000;

/**
 * Test files that build dist/ (the start-up test through `npm start`, the crash tests) run in
 * parallel jest workers; one build at a time keeps them from reading each other's half-written files.
 */
export async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(BUILDS, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the server once per test run and returns a private copy of dist/ (under the project, so
 * node_modules resolves), which later builds by other test files cannot change under a running
 * process. The global teardown removes it.
 */
export function buildPrivateDist(): Promise<string> {
  const copy = join(BUILDS, process.env.DAICHO_TEST_DB_PREFIX ?? `run-${process.pid}`);
  return withBuildLock(() => {
    if (existsSync(join(copy, 'dist'))) return Promise.resolve(copy);
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    return Promise.resolve(copy);
  });
}
