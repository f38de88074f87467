import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/load';
import { MAX_INPUT_BYTES, readInputFile } from '../../src/cli/input-file';
import { readCaFiles } from '../../src/verify/ca-files';
import { UsageError } from '../../src/verify/usage-error';

const dir = mkdtempSync(path.join(tmpdir(), 'inputs-'));
const fifo = path.join(dir, 'config.fifo');
spawnSync('mkfifo', [fifo]);
const huge = path.join(dir, 'huge.yaml');
writeFileSync(huge, `# ${'x'.repeat(MAX_INPUT_BYTES)}\n`);
const exact = path.join(dir, 'exact.yaml');
writeFileSync(exact, 'x'.repeat(MAX_INPUT_BYTES));
symlinkSync(fifo, path.join(dir, 'link-to-fifo'));

// Each refused without opening it for reading: a FIFO would wait for a writer forever (the test
// would hang), /dev/zero would be read until memory runs out.
const cases: [string, string, string][] = [
  ['a FIFO', fifo, 'a FIFO, not a regular file'],
  ['a symlink to a FIFO', path.join(dir, 'link-to-fifo'), 'a FIFO, not a regular file'],
  ['/dev/zero', '/dev/zero', 'a device, not a regular file'],
  ['a folder', dir, 'a folder, not a regular file'],
  ['a file over 1 MiB', huge, `${MAX_INPUT_BYTES + 3} bytes, more than the ${MAX_INPUT_BYTES} allowed`],
  ['a missing file', path.join(dir, 'nope.yaml'), 'ENOENT'],
];

test.each(cases)('INFRA_CONFIG naming %s: one line saying what it is', (_, file, why) => {
  expect(() => loadConfig({ env: { INFRA_CONFIG: file } })).toThrow(ConfigError);
  expect(() => loadConfig({ env: { INFRA_CONFIG: file } })).toThrow(`cannot read the config file (${why}); set INFRA_CONFIG to an existing YAML file`);
});

test.each(cases)('verify --ca naming %s: one line saying what it is', (_, file, why) => {
  expect(() => readCaFiles([file])).toThrow(new UsageError(`--ca: cannot read ${JSON.stringify(file)} (${why})`));
});

test('a file of exactly the cap is read whole; one byte more is refused', () => {
  expect(readInputFile(exact)).toBe('x'.repeat(MAX_INPUT_BYTES));
  expect(() => readInputFile(exact, MAX_INPUT_BYTES - 1)).toThrow(`${MAX_INPUT_BYTES} bytes, more than the ${MAX_INPUT_BYTES - 1} allowed`);
});

test('a file that grows between the check and the read is refused, not cut short', () => {
  const fs: typeof import('node:fs') = require('node:fs');
  const growing = path.join(dir, 'growing.yaml');
  writeFileSync(growing, 'a: 1\n');
  const fstat = fs.fstatSync;
  jest.spyOn(fs, 'fstatSync').mockImplementationOnce((fd) => {
    const stat = fstat(fd);
    fs.appendFileSync(growing, 'b: 2\n');
    return stat;
  });
  expect(() => readInputFile(growing)).toThrow('grew while being read');
});
