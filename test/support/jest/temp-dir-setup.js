// Jest globalSetup: every temporary folder a test (or a library it calls, e.g. cdktf's Testing)
// makes goes under one folder per run, which temp-dir-teardown.js removes. Workers start after this
// and inherit TMPDIR.
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edge-tests-'));
  process.env.EDGE_TESTS_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
