/**
 * Two projects. `unit`: specs next to the code (and tools/), no database, so one pure spec runs in
 * seconds. `e2e`: test/, each file its own database cloned from one PostgreSQL the project's global
 * set-up starts; that set-up also builds the server once per run for the tests that run it as a
 * process. Project-level global set-up runs only when a test of that project is selected.
 * Both transpile only (isolatedModules): `npm run lint` type-checks every file with tsc.
 */
const moduleNameMapper = {
  '^@daicho/migrations$': '<rootDir>/migrations',
  // The one light corner of platform, for worker threads that must not load all of it.
  '^@daicho/platform/json$': '<rootDir>/libs/platform/src/json/canonical-json',
  '^@daicho/platform/session$': '<rootDir>/libs/platform/src/database/session-settings',
  '^@daicho/(.*)$': '<rootDir>/libs/$1/src',
};
const transpiled = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };
const common = {
  rootDir: __dirname,
  moduleNameMapper,
  testEnvironment: 'node',
  transform: transpiled,
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/tools/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.mjs',
      globalTeardown: '<rootDir>/test/harness/global-teardown.mjs',
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 60000,
  // One worker per core (jest's default leaves one idle): the e2e files wait on PostgreSQL and
  // child processes often enough that two on two cores finish the suite sooner.
  maxWorkers: '100%',
};
