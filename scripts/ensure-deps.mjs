// Installs dependencies when node_modules is missing or older than the lockfile, so that
// `npm start` and `npm test` work on a fresh clone without a separate `npm install`.
// Runs before any dependency exists: Node's standard library only.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const installedLock = join(root, 'node_modules', '.package-lock.json');

function staleReason() {
  if (!existsSync(installedLock)) return 'node_modules is missing';
  const installedAt = statSync(installedLock).mtimeMs;
  // A script edit in package.json needs no reinstall; a new dependency is caught by the check below.
  for (const file of ['package-lock.json']) {
    const path = join(root, file);
    if (existsSync(path) && statSync(path).mtimeMs > installedAt) return `${file} changed`;
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const installed = JSON.parse(readFileSync(installedLock, 'utf8')).packages ?? {};
  const wanted = { ...manifest.dependencies, ...manifest.devDependencies };
  const missing = Object.keys(wanted).find((name) => !installed[`node_modules/${name}`]);
  return missing ? `${missing} is not installed` : null;
}

const reason = staleReason();
if (reason) {
  const hasLock = existsSync(join(root, 'package-lock.json'));
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  console.log(`[daicho] ${reason}: running npm ${args[0]} ...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[daicho] npm ${args[0]} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}
