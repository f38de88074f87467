// Jest globalSetup: every temporary folder a test (or a library it calls, e.g. cdktf's Testing)
// makes goes under one folder per run, which temp-dir-teardown.js removes. Workers start after this
// and inherit TMPDIR.
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  // Kept for the teardown: a process that runs jest again (in band, as Stryker does) must not
  // start its next run inside the folder this run removed.
  process.env.EDGE_TESTS_OUTER_TMPDIR = process.env.TMPDIR ?? '';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edge-tests-'));
  process.env.EDGE_TESTS_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
