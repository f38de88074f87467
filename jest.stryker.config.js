/**
 * Jest for `npm run mutate`: the whole suite except tests that cannot see a mutant or that check the
 * repository rather than the code. test/bin runs the CLIs in child processes (Stryker's per-test
 * coverage does not reach them), test/docs checks documentation, and the repository secret scan
 * lists files with git, which ignores Stryker's sandbox. Behaviour those cover is tested in-process
 * too (test/pipeline.test.ts, test/output, test/config).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/bin/', '<rootDir>/test/docs/', '<rootDir>/test/safety/secrets.test.ts'],
};
