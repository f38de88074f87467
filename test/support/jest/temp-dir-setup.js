// Jest globalSetup: every temporary folder a test (or a library it calls, e.g. cdktf's Testing)
// makes goes under one folder per run, which temp-dir-teardown.js removes. Workers start after this
// and inherit TMPDIR.
const { accessSync, constants, mkdtempSync, statfsSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MEMORY = '/dev/shm';

/**
 * In memory when there is room and no TMPDIR was chosen: the tests make and remove tens of thousands
 * of small files and folders (the publish kill matrix alone about ten thousand), which on a disk
 * other work is using wait seconds for its journal. A container's small /dev/shm (64 MB by default)
 * is passed over.
 */
function base() {
  if (process.env.TMPDIR) return process.env.TMPDIR;
  try {
    accessSync(MEMORY, constants.W_OK);
    const { bavail, bsize } = statfsSync(MEMORY);
    if (bavail * bsize >= 2 ** 30) return MEMORY;
  } catch {
    // no such folder, or not ours to write
  }
  return os.tmpdir();
}

module.exports = async () => {
  // Kept for the teardown: a process that runs jest again (in band, as Stryker does) must not
  // start its next run inside the folder this run removed.
  process.env.EDGE_TESTS_OUTER_TMPDIR = process.env.TMPDIR ?? '';
  const dir = mkdtempSync(path.join(base(), 'edge-tests-'));
  process.env.EDGE_TESTS_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
