// The server build the process tests run (the CLI, crash and restore drills): made once per run by
// the e2e global set-up, before any test file starts, so no test file builds and none waits on another.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The e2e spec files that run the built server (they call serverBuild()). */
function filesNeedingBuild() {
  const testDir = join(ROOT, 'test');
  return readdirSync(testDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.e2e-spec.ts'))
    .map((file) => join(testDir, file))
    .filter((file) => readFileSync(file, 'utf8').includes('serverBuild('));
}

/** Whether this run selects a spec that needs the build (no path filter: the whole suite does). */
function runNeedsBuild(globalConfig) {
  const patterns = globalConfig?.testPathPatterns?.patterns ?? [];
  if (patterns.length === 0) return true;
  const needing = filesNeedingBuild();
  return patterns.some((pattern) => {
    const regex = new RegExp(pattern, 'i');
    return needing.some((file) => regex.test(file) || regex.test(relative(ROOT, file)));
  });
}

/**
 * Builds dist/ and copies it to .test-builds/<run>/dist (inside the project, so node_modules
 * resolves), a copy no later `npm start` in the start-up test can change under a running process.
 * Exports its path as DAICHO_TEST_SERVER_BUILD; the global teardown removes it.
 */
export function buildServerOnce(globalConfig, run) {
  if (!runNeedsBuild(globalConfig)) return;
  const started = Date.now();
  // `nest build api` itself, not `npm run build`: its prebuild dependency check is the test run's
  // (`npm test` has one), and a test must never reinstall node_modules under the other test files.
  const nest = join(ROOT, 'node_modules', '.bin', 'nest');
  const build = spawnSync(nest, ['build', 'api'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`server build failed:\n${build.stdout}${build.stderr}`);
  const copy = join(ROOT, '.test-builds', run);
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  process.env.DAICHO_TEST_SERVER_BUILD = copy;
  console.log(
    `[test] server built once for this run in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}
