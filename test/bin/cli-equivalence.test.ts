import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { cleanEnv, synthesized, treeHash } from '../support/sandbox';

// `cdk8s synth` and `cdktf synth`, as users run them, give the same bytes as `npm run synth`.
const { repo, first } = synthesized();
const dist = path.join(repo, 'dist');
const cdktfOut = path.join(repo, 'cdktf.out');
const good = { dist: treeHash(dist), cdktfOut: treeHash(cdktfOut) };

test('npm run synth succeeded in the sandbox', () => {
  expect(first.status).toBe(0);
});

test('`cdk8s synth` (the CLI, as users run it) writes the same dist/ bytes', () => {
  const result = spawnSync(path.join(repo, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], { cwd: repo, env: cleanEnv(), encoding: 'utf8' });
  expect(result.status).toBe(0);
  expect(treeHash(dist)).toBe(good.dist);
});

test('`cdktf synth` (the CLI, as users run it) writes the same cdktf.out/ bytes', () => {
  const result = spawnSync(path.join(repo, 'node_modules/.bin/cdktf'), ['synth'], {
    cwd: repo,
    env: { ...cleanEnv(), CHECKPOINT_DISABLE: '1', CI: '1' },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  expect(treeHash(cdktfOut)).toBe(good.cdktfOut);
});
