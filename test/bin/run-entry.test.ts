import { spawnSync } from 'node:child_process';
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

test('an entry that does not exist is a usage error', () => {
  const result = spawnSync(process.execPath, [at('src/bin/run.cjs'), 'nope'], { cwd: repo, env: cleanEnv(), encoding: 'utf8' });
  expect(result.status).toBe(2);
  expect(result.stderr).toBe('usage: node src/bin/run.cjs synth|k8s-main|gcp-main [args...]\n');
});
