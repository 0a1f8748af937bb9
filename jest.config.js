// Four projects: `unit` (pure code, no services), `temporal` (the workflow driver on a local dev server with
// recording activities), `integration` (a real Temporal dev server and the real PostgreSQL named by
// DATABASE_URL, started and prepared once per run by test/setup/global-setup.ts) and `cluster` (the fault
// suite on a real Temporal server, test/cluster/).
const transform = {
  // isolatedModules: transpile only (types are checked by `npm run typecheck`); allowJs so the ESM-only
  // CEL package is turned into CommonJS for jest.
  '^.+\\.[tj]s$': [
    'ts-jest',
    {
      tsconfig: {
        isolatedModules: true,
        allowJs: true,
        module: 'commonjs',
        moduleResolution: 'node',
        esModuleInterop: true,
      },
    },
  ],
};
const transformIgnorePatterns = ['node_modules/(?!(@marcbachmann/cel-js)/)'];

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests start workers and the system; a hung one still ends.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
    },
    {
      // Workflow-driver and sandbox checks on their own local dev server, with recording activities.
      displayName: 'temporal',
      testMatch: ['<rootDir>/test/**/*.temporal.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    {
      // The fault suite on the production shape (`npm run cluster`: a real Temporal server on PostgreSQL,
      // several workers and APIs), in a database of its own.
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
    },
  ],
};
