// Jest globalTeardown: removes the run's temporary folder (see temp-dir-setup.js).
const { rmSync } = require('node:fs');

module.exports = async () => {
  const dir = process.env.EDGE_TESTS_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
