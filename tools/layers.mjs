/**
 * The one statement of which library may import which. Each library names the libraries directly
 * below it; it may import those and everything below them, and nothing else. eslint.config.mjs
 * turns this table into a `no-restricted-imports` rule per library, and docs/architecture-notes.md
 * draws it. apps/console imports no library at all (it is a browser client of the API).
 */
export const LAYERS = {
  platform: [],
  documents: ['platform'],
  access: ['platform'],
  ledger: ['access'],
  identity: ['access'],
  inventory: ['ledger', 'identity', 'documents'],
  holdings: ['inventory'],
  provisions: ['holdings'],
  requests: ['provisions'],
  incidents: ['provisions'],
  reports: ['requests', 'incidents'],
  integrations: ['ledger', 'identity'],
};

/** Every library `lib` may import (its rows below, followed down), without itself. */
export function allowedBelow(lib) {
  const seen = new Set();
  const walk = (name) => {
    for (const dep of LAYERS[name] ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      walk(dep);
    }
  };
  walk(lib);
  return seen;
}

/** The libraries `lib` must not import: everything that is neither itself nor below it. */
export function forbiddenFor(lib) {
  const allowed = allowedBelow(lib);
  return Object.keys(LAYERS).filter((other) => other !== lib && !allowed.has(other));
}

const APPS = {
  group: ['**/apps/*', '**/apps/*/**', '@daicho/api', '@daicho/cli', '@daicho/console'],
  message: 'Nothing imports from an app; move what is shared into a library.',
};
const MIGRATIONS = {
  group: ['@daicho/migrations', '**/migrations', '**/migrations/**'],
  message: 'Only the apps run migrations; a library never imports them.',
};

/** The restricted-import patterns a file in libs/<lib> is held to. */
export function restrictedPatternsFor(lib) {
  const forbidden = forbiddenFor(lib);
  const patterns = [APPS, MIGRATIONS];
  if (forbidden.length > 0) {
    patterns.unshift({
      group: forbidden.flatMap((other) => [
        `@daicho/${other}`,
        `@daicho/${other}/**`,
        `**/${other}/src`,
        `**/${other}/src/**`,
      ]),
      message: `libs/${lib} may import only ${[...allowedBelow(lib)].map((l) => `@daicho/${l}`).join(', ') || 'no other library'} (tools/layers.mjs).`,
    });
  }
  return patterns;
}

/** One eslint config block per library, specs included (rows without a folder yet match nothing). */
export function layeringConfigs() {
  return Object.keys(LAYERS).map((lib) => ({
    files: [`libs/${lib}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: restrictedPatternsFor(lib) }] },
  }));
}

/** The apps: api (GraphQL server), cli (operator commands), console (the web console). */
export const APP_NAMES = ['api', 'cli', 'console'];

/** An app imports libraries, never another app. */
export function appConfigs() {
  return APP_NAMES.map((app) => ({
    files: [`apps/${app}/**/*.ts`, `apps/${app}/**/*.tsx`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: APP_NAMES.filter((other) => other !== app).flatMap((other) => [
                `**/apps/${other}`,
                `**/apps/${other}/**`,
                `**/${other}/src`,
                `**/${other}/src/**`,
              ]),
              message: 'An app never imports another app; move what is shared into a library.',
            },
          ],
        },
      ],
    },
  }));
}

/**
 * The console runs in a browser: it imports no library (they are server code) and reaches the
 * server only as a client, over GraphQL and the download routes.
 */
export const consoleConfig = {
  files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          APPS,
          {
            group: ['@daicho/*', '**/libs/**', '**/migrations/**'],
            message: 'The console is a browser client of the API; it imports no server code.',
          },
        ],
      },
    ],
  },
};

/** Migrations stand alone: they import no library and no app. */
export const migrationsConfig = {
  files: ['migrations/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          APPS,
          {
            group: ['@daicho/*', '**/libs/**'],
            message: 'A migration is plain SQL; it imports no library.',
          },
        ],
      },
    ],
  },
};
