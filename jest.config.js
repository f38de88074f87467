/** Tests run through SWC (type stripping only); `npm run typecheck` does the type checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // One temporary folder per run, removed at the end, whatever a test or library leaves in it.
  globalSetup: '<rootDir>/test/support/jest/temp-dir-setup.js',
  globalTeardown: '<rootDir>/test/support/jest/temp-dir-teardown.js',
  // Two cores: one worker per core keeps memory low and avoids thrashing. `npm test` starts jest
  // with `node --no-opt` (the workers inherit it): test code runs briefly, and TurboFan's optimizing
  // compiles cost more CPU than they give back (about 2.5 s of the suite's 50 s of CPU, in alternating runs).
  maxWorkers: 2,
  // Only a guard against a hung test, far above any run on a loaded machine: a test's duration
  // depends on the machine, so no test states one.
  testTimeout: 600_000,
  setupFiles: ['<rootDir>/test/support/jest/compile-cache.js', '<rootDir>/test/support/jest/plain-stack-traces.js'],
  setupFilesAfterEnv: ['<rootDir>/test/support/jest/timeout-floor.js'],
};
