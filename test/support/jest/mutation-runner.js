/**
 * Jest's runner for `npm run mutate`, with the bail that Stryker turns off (jest cannot bail when
 * called programmatically). While a mutant is active, test files run one at a time, fastest killers
 * first (the quick tests of the mutated code: config, output, pipeline), and the run stops at the first
 * failing file: the mutant is killed, the rest would only cost time. Without an active mutant (the
 * initial run that measures coverage) every file runs, as with jest's own runner.
 */
const TestRunner = require('jest-runner').default;

// Quick, exact tests first; the property-based tests (slow, and rarely the only killer) last.
const ORDER = [
  '/test/config/messages.', '/test/config/schema.', '/test/config/secret-values.', '/test/config/releases.', '/test/config/validation.',
  '/test/output/', '/test/cli/', '/test/pipeline.test.ts', '/test/environments/', '/test/k8s/', '/test/gcp/', '/test/safety/',
];
// MUTATION_TESTS_FIRST (comma-separated path parts) moves the tests of another area forward, e.g.
// '/test/k8s/,/test/gcp/' when mutating the constructs.
const FIRST = (process.env.MUTATION_TESTS_FIRST ?? '').split(',').filter(Boolean);
const rank = (file) => {
  const i = [...FIRST, ...ORDER].findIndex((part) => file.includes(part));
  return i === -1 ? FIRST.length + ORDER.length : i;
};

class MutationRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!process.env.__STRYKER_ACTIVE_MUTANT__ || !options.serial) return super.runTests(tests, watcher, options);
    let failed = false;
    const offSuccess = this.on('test-file-success', ([, result]) => { failed ||= result.numFailingTests > 0 || Boolean(result.testExecError); });
    const offFailure = this.on('test-file-failure', () => { failed = true; });
    try {
      const ordered = [...tests].sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1));
      for (const test of ordered) {
        if (failed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      offSuccess();
      offFailure();
    }
  }
}

module.exports = MutationRunner;
