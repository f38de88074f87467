// Jest globalTeardown: removes the run's temporary folder (see temp-dir-setup.js) and gives the
// process its own TMPDIR back.
const { rm } = require('node:fs/promises');
const { existsSync, readdirSync, rmSync } = require('node:fs');
const path = require('node:path');

module.exports = async () => {
  const dir = process.env.EDGE_TESTS_TMPDIR;
  if (dir && existsSync(dir)) {
    // Its entries at once (libuv's threads), not one after another: this is the run's last step.
    await Promise.all(readdirSync(dir).map((entry) => rm(path.join(dir, entry), { recursive: true, force: true })));
    rmSync(dir, { recursive: true, force: true });
  }
  const outer = process.env.EDGE_TESTS_OUTER_TMPDIR;
  if (outer) process.env.TMPDIR = outer;
  else delete process.env.TMPDIR;
  delete process.env.EDGE_TESTS_TMPDIR;
  delete process.env.EDGE_TESTS_OUTER_TMPDIR;
};
