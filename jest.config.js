// Two projects: `unit` needs nothing running; `integration` gets a real PostgreSQL and a
// real Temporal dev server from tests/support/global-setup.ts (or the ones named by
// DATABASE_URL / TEMPORAL_ADDRESS).
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleNameMapper: {
    '^@ledger/workflows$': '<rootDir>/workflows/src',
    '^@ledger/(.*)$': '<rootDir>/libs/$1/src',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

module.exports = {
  // A global option (ignored inside projects): suites that boot servers need more than 5 s.
  testTimeout: 120000,
  // One test file at a time (the suites boot servers and measure nothing in parallel), but in a
  // worker process that jest replaces once it holds more than this much after a file: a single
  // in-band process ran out of heap after ~100 files (each leaves some native and module state).
  maxWorkers: 1,
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,workflows}/**/*.spec.ts', '<rootDir>/tests/unit/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
};
