/**
 * Jest for `npm run mutate`: the whole suite except tests that cannot see a mutant or that check the
 * repository rather than the code. test/bin and the other CLI tests (synth per environment, diff
 * between revisions) run the program in child processes, which Stryker's per-test coverage does not
 * reach and which cost most of a mutant's time; test/scripts and test/docs check tools and
 * documentation outside the mutated code; the repository secret scan lists files with git, which
 * ignores Stryker's sandbox. Behaviour those cover is tested in-process too (test/pipeline.test.ts,
 * test/output, test/config, test/environments/environments.test.ts).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  // Stops a mutant's run at the first failing test file (see the file).
  runner: '<rootDir>/test/support/jest/mutation-runner.js',
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/bin/',
    '<rootDir>/test/docs/',
    '<rootDir>/test/scripts/',
    '<rootDir>/test/environments/synth-cli.test.ts',
    // The diff and verify commands and the schema validator are not mutated: their tests would
    // only re-run synthesis that the tests below already check, at the cost of every survivor's run.
    '<rootDir>/test/diff/',
    '<rootDir>/test/verify/',
    '<rootDir>/test/support/',
    '<rootDir>/test/safety/secrets.test.ts',
  ],
};
