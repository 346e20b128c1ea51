/**
 * Two projects. `unit`: specs next to the code (and tools/), no database, transpiled without type
 * checks (tsc and eslint check types), so one pure spec runs in seconds. `e2e`: test/, each file its
 * own database cloned from one PostgreSQL the project's global set-up starts; that set-up also
 * builds the server once per run for the tests that run it as a process.
 * Project-level global set-up runs only when a test of that project is selected.
 */
const moduleNameMapper = {
  '^@daicho/migrations$': '<rootDir>/migrations',
  '^@daicho/(.*)$': '<rootDir>/libs/$1/src',
};
const typeChecked = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const transpiled = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/harness/tsconfig.unit.json' }],
};
const common = { rootDir: __dirname, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      transform: transpiled,
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/tools/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      transform: typeChecked,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.mjs',
      globalTeardown: '<rootDir>/test/harness/global-teardown.mjs',
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 60000,
};
