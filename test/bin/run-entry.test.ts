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

test('a changed source is bundled again before it runs', () => {
  const before = stamp();
  appendFileSync(at('src/bin/synth.ts'), "process.stdout.write('edited\\n');\n");
  const result = runSynth(repo);
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(`${first.stdout}edited\n`);
  expect(stamp()).not.toBe(before);
  expect(hashes()).toEqual(good);
});

test('a bundle its stamp does not describe (copied or swapped in apart from it) is built again, not run', () => {
  const file = at('.build/bin/entries.js');
  const clean = runSynth(repo).stdout;
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nprocess.stdout.write('stale bundle\\n');\n`);
  const result = runSynth(repo);
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(clean);
  expect(JSON.parse(stamp()).bundle).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
  expect(hashes()).toEqual(good);
});

describe('the code cache beside the bundle', () => {
  const cacheFile = at('.build/bin/entries.js.v8cache');
  const bundleDigest = () => createHash('sha256').update(readFileSync(at('.build/bin/entries.js'))).digest();
  const cacheDigest = () => readFileSync(cacheFile).subarray(0, 32);

  test('is made for the bundle it sits beside, and a run with a stale or corrupt cache still writes the same bytes', () => {
    const clean = runSynth(repo);
    expect(clean.status).toBe(0);
    expect(cacheDigest()).toEqual(bundleDigest());
    // A cache made from another bundle, then one whose data V8 cannot read: both are replaced.
    for (const cache of [Buffer.concat([createHash('sha256').update('another bundle').digest(), readFileSync(cacheFile).subarray(32)]),
      Buffer.concat([bundleDigest(), Buffer.from('not a V8 code cache')])]) {
      writeFileSync(cacheFile, cache);
      const result = runSynth(repo);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(clean.stdout);
      expect(hashes()).toEqual(good);
      expect(readFileSync(cacheFile).equals(cache)).toBe(false);
      expect(cacheDigest()).toEqual(bundleDigest());
    }
  });
});

test('an entry that does not exist is a usage error', () => {
  const result = spawnSync(process.execPath, [at('src/bin/run.cjs'), 'nope'], { cwd: repo, env: cleanEnv(), encoding: 'utf8' });
  expect(result.status).toBe(2);
  expect(result.stderr).toBe('usage: node src/bin/run.cjs synth|k8s-main|gcp-main|diff|verify [args...]\n');
});
