import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, runSynth, synthesized, treeHash } from '../support/sandbox';

// src/bin/run.cjs, the launcher of `npm run synth` and the cdk8s/cdktf apps: it runs the entry points
// from a bundle it builds and keeps current, with the same result as running the sources.
const { repo, first } = synthesized();
const at = (...p: string[]) => path.join(repo, ...p);
const hashes = () => ({ dist: treeHash(at('dist')), cdktfOut: treeHash(at('cdktf.out')) });
const good = hashes();
const stamp = () => readFileSync(at('.build/bin/entries.js.inputs.json'), 'utf8');

test('where no bundle can be written, the sources run through tsx instead, with the bytes and report the bundle gave', () => {
  expect(first.status).toBe(0);
  expect(JSON.parse(stamp()).inputs).toHaveProperty(['src/bin/synth.ts']); // the first run was the bundle's
  renameSync(at('.build'), at('.build.saved'));
  writeFileSync(at('.build'), 'a file where the bundle folder would go\n');
  try {
    const result = runSynth(repo);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(first.stdout);
    expect(hashes()).toEqual(good);
  } finally {
    rmSync(at('.build'));
    renameSync(at('.build.saved'), at('.build'));
  }
});

const bundleFile = at('.build/bin/entries.js');
const cacheFile = at('.build/bin/entries.js.v8cache');
const digestOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest();

test('a bundle its stamp does not describe (copied or swapped in apart from it) is built again, not run', () => {
  writeFileSync(bundleFile, `${readFileSync(bundleFile, 'utf8')}\nprocess.stdout.write('stale bundle\\n');\n`);
  // A run that stops at its arguments is enough: the stale bundle would print on loading. The next
  // test runs a whole synthesis from the rebuilt bundle.
  const result = runSynth(repo, { args: ['--only=__proto__'] });
  expect([result.status, result.stdout]).toEqual([2, '']);
  expect(result.stderr).toMatch(/^command line: --only: "__proto__" is not allowed/);
  expect(JSON.parse(stamp()).bundle).toBe(digestOf(bundleFile).toString('hex'));
  expect(hashes()).toEqual(good);
});

test('a code cache V8 cannot read is replaced; one made by a run of one half is replaced by the next whole synthesis, and runs of one half keep that one', () => {
  const corrupt = Buffer.concat([digestOf(bundleFile), Buffer.of(1), Buffer.from('not a V8 code cache')]);
  writeFileSync(cacheFile, corrupt);
  const half = runSynth(repo, { args: ['--only=k8s'] });
  expect([half.status, half.stderr]).toEqual([0, '']);
  const ofOneHalf = readFileSync(cacheFile);
  expect(ofOneHalf.subarray(0, 32)).toEqual(digestOf(bundleFile));
  expect(ofOneHalf[32]).toBe(0); // made by a run of one half

  const whole = runSynth(repo);
  expect(whole.stderr).toBe('');
  expect(whole.stdout).toBe(first.stdout);
  const ofBoth = readFileSync(cacheFile);
  expect(ofBoth[32]).toBe(1);
  expect(ofBoth.length).toBeGreaterThan(ofOneHalf.length); // the other half's code too

  expect(runSynth(repo, { args: ['--only=gcp'] }).status).toBe(0);
  expect(readFileSync(cacheFile).equals(ofBoth)).toBe(true);
  expect(hashes()).toEqual(good);
});

test('a changed source is bundled again before it runs, and the code cache follows the new bundle', () => {
  const before = stamp();
  const oldCache = readFileSync(cacheFile);
  appendFileSync(at('src/bin/synth.ts'), "process.stdout.write('edited\\n');\n");
  const result = runSynth(repo);
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(`${first.stdout}edited\n`);
  expect(stamp()).not.toBe(before);
  expect(hashes()).toEqual(good);
  // The old bundle's cache is not used for the new one (V8 itself would only compare their lengths).
  expect(readFileSync(cacheFile).subarray(0, 32)).toEqual(digestOf(bundleFile));
  expect(readFileSync(cacheFile).subarray(0, 32)).not.toEqual(oldCache.subarray(0, 32));

  // A bundle of the same length with other code, described by its stamp: V8 would take the old
  // bundle's cache (it checks only the length) and run the old code; the digest keeps it out.
  writeFileSync(bundleFile, readFileSync(bundleFile, 'utf8').replace(/write\((['"])edited/, 'write($1EDITED'));
  writeFileSync(at('.build/bin/entries.js.inputs.json'), JSON.stringify({ ...JSON.parse(stamp()) as object, bundle: digestOf(bundleFile).toString('hex') }));
  expect(runSynth(repo).stdout).toBe(`${first.stdout}EDITED\n`);
});

test('an entry that does not exist is a usage error', () => {
  const result = spawnSync(process.execPath, [at('src/bin/run.cjs'), 'nope'], { cwd: repo, env: cleanEnv(), encoding: 'utf8' });
  expect(result.status).toBe(2);
  expect(result.stderr).toBe('usage: node src/bin/run.cjs synth|k8s-main|gcp-main|diff|verify [args...]\n');
});
