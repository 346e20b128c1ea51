import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ESLint } from 'eslint';

const ROOT = join(__dirname, '..');
const DIR = join(ROOT, 'libs/platform/src');

/** Throwaway files in libs/platform, linted together in one eslint run (type-aware lint is slow). */
const PROBES = {
  above: {
    file: join(DIR, '__layer_violation__.ts'),
    source:
      "import { HOLDINGS_ENTITIES } from '@daicho/holdings';\nexport const probe = HOLDINGS_ENTITIES;\n",
  },
  relativeAndApp: {
    file: join(DIR, '__layer_violation_relative__.ts'),
    source:
      "import { HOLDINGS_ENTITIES } from '../../holdings/src';\n" +
      "import { ENTITIES } from '../../../apps/api/src/entities';\n" +
      'export const probe = [HOLDINGS_ENTITIES, ENTITIES];\n',
  },
  legal: {
    file: join(DIR, '__layer_legal__.ts'),
    source:
      "import { join } from 'node:path';\nimport { loadConfig } from './config/load-config';\n" +
      'export const probe = [join, loadConfig];\n',
  },
};

/**
 * Runs the same eslint command `npm run lint` runs, on the probe files only (a child process: the
 * config is ESM, which jest cannot import). Removes the probes whatever happens.
 */
function lintProbes(): { status: number | null; results: ESLint.LintResult[] } {
  const probes = Object.values(PROBES);
  try {
    for (const { file, source } of probes) writeFileSync(file, source);
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/eslint'),
      ['--format', 'json', ...probes.map((p) => p.file)],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const results = JSON.parse(run.stdout || '[]') as ESLint.LintResult[];
    if (results.length !== probes.length)
      throw new Error(`eslint did not lint the probes:\n${run.stderr}`);
    return { status: run.status, results };
  } finally {
    for (const { file } of probes) rmSync(file, { force: true });
  }
}

describe('the layering lint (tools/layers.mjs)', () => {
  let run: ReturnType<typeof lintProbes>;
  beforeAll(() => {
    run = lintProbes();
  }, 180_000);

  const restricted = (probe: keyof typeof PROBES) => {
    const result = run.results.find((r) => r.filePath === PROBES[probe].file);
    expect(result).toBeDefined();
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
  };

  it('fails the lint run', () => {
    expect(run.status).toBe(1);
  });

  it('refuses a platform file that imports a library above it', () => {
    const messages = restricted('above');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toContain('libs/platform may import only');
  });

  it('refuses the same import written as a relative path, and an import of an app', () => {
    expect(restricted('relativeAndApp')).toHaveLength(2);
  });

  it('lets a platform file import node and its own code', () => {
    expect(run.results.find((r) => r.filePath === PROBES.legal.file)?.messages).toEqual([]);
  });
});
