// Jest globalTeardown: removes the run's temporary folder (see temp-dir-setup.js) and gives the
// process its own TMPDIR back.
const { rmSync } = require('node:fs');

module.exports = async () => {
  const dir = process.env.EDGE_TESTS_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
  const outer = process.env.EDGE_TESTS_OUTER_TMPDIR;
  if (outer) process.env.TMPDIR = outer;
  else delete process.env.TMPDIR;
  delete process.env.EDGE_TESTS_TMPDIR;
  delete process.env.EDGE_TESTS_OUTER_TMPDIR;
};
