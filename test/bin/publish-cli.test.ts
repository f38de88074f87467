import { spawn } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { cleanEnv, runSynth, sandbox, synthCommand, treeHash } from '../support/sandbox';

// The entry point as users run it, against what an unlucky user has in the repository.
const repo = sandbox();
const dist = path.join(repo, 'dist');
const cdktfOut = path.join(repo, 'cdktf.out');
expect(runSynth(repo).status).toBe(0);
const hashes = () => ({ dist: treeHash(dist), cdktfOut: treeHash(cdktfOut) });
const good = hashes();
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:/);

describe('the command line', () => {
  test.each([
    [['--only=toString'], 'command line: --only: "toString" is not allowed; allowed: k8s, gcp'],
    [['--only=constructor'], 'command line: --only: "constructor" is not allowed; allowed: k8s, gcp'],
    [['--only=__proto__'], 'command line: --only: "__proto__" is not allowed; allowed: k8s, gcp'],
    [['--only'], expect.stringMatching(/^command line: Option '--only <value>' argument missing; usage: npm run synth \[-- --env=NAME\] \[--only=k8s\|gcp\]$/)],
    [['--bogus'], expect.stringMatching(/^command line: Unknown option '--bogus'.*; usage: npm run synth/)],
    [['dist'], expect.stringMatching(/^command line: Unexpected argument 'dist'.*; usage: npm run synth/)],
  ])('%j: exit 2, one line, no stack trace, nothing written', (args, line) => {
    const result = runSynth(repo, { args });
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([line, 'nothing was written: fix the configuration and run again']);
    expect(hashes()).toEqual(good);
  });

  test('a key with a newline cannot forge a second error line; control characters are shown escaped', () => {
    const file = path.join(repo, 'forge.yaml');
    writeFileSync(file, 'project: {id: wti-ai-platform}\nendpoints: [{hostname: a.wti.net}]\n"x\\nforge.yaml: project.id: fine\\u001b[31m": 1\n');
    const result = runSynth(repo, { env: { INFRA_CONFIG: file } });
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'forge.yaml: x\\u000aforge.yaml: project.id: fine\\u001b[31m: unknown key; see the fields in src/config/schema.ts',
      'nothing was written: fix the configuration and run again',
    ]);
  });

  test('an alias bomb is a one-line error, quickly', () => {
    const file = path.join(repo, 'bomb.yaml');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
    writeFileSync(file, `${levels.join('\n')}\n`);
    const result = runSynth(repo, { env: { INFRA_CONFIG: file } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^bomb\.yaml: YAML: aliases expand the document too far .* at line 2, column \d+\n/);
    noStack(result.stderr);
  });
});

describe('output folders that cannot be published', () => {
  afterEach(() => expect(hashes()).toEqual(good));

  test('cdktf.out is a file: exit 2 naming it, and dist/ is not changed either', () => {
    renameSync(cdktfOut, `${cdktfOut}.saved`);
    writeFileSync(cdktfOut, 'not a folder');
    try {
      const result = runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } });
      expect(result.status).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        'cdktf.out: a file, not a folder; synthesis writes a folder here: move the file away and run again',
        'nothing was written: the output folders are as they were',
      ]);
      expect(treeHash(dist)).toBe(good.dist);
    } finally {
      rmSync(cdktfOut);
      renameSync(`${cdktfOut}.saved`, cdktfOut);
    }
  });

  test('a file the user put in dist/ is named and kept; neither folder changes', () => {
    writeFileSync(path.join(dist, 'my-configmap.yaml'), 'kind: ConfigMap\n');
    const before = hashes();
    try {
      const result = runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('dist/my-configmap.yaml: not written by synthesis; move it out of dist (whose contents synthesis replaces) and run again\n');
      noStack(result.stderr);
      expect(hashes()).toEqual(before);
    } finally {
      rmSync(path.join(dist, 'my-configmap.yaml'));
    }
  });

  test('another synthesis holding the lock: exit 2 naming it, after a bounded wait', () => {
    const lock = path.join(repo, '.synth.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), command: 'synth.ts', startedAt: '2026-01-01T00:00:00.000Z' }));
    try {
      const result = runSynth(repo, { env: { SYNTH_LOCK_WAIT_SECONDS: '0.2', GKE_CLUSTER_NAME: 'changed' } });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`.synth.lock: another synthesis is running: pid ${process.pid} on ${hostname()} (synth.ts), started 2026-01-01T00:00:00.000Z`);
      noStack(result.stderr);
    } finally {
      rmSync(lock);
    }
  });
});

describe('what users have in the output folders', () => {
  test('terraform.tfvars and .terraform in a stack folder survive a synthesis', () => {
    const stack = path.join(cdktfOut, 'stacks/platform');
    writeFileSync(path.join(stack, 'terraform.tfvars'), 'x = 1\n');
    mkdirSync(path.join(stack, '.terraform/providers'), { recursive: true });
    expect(runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } }).status).toBe(0);
    expect(readFileSync(path.join(stack, 'terraform.tfvars'), 'utf8')).toBe('x = 1\n');
    expect(lstatSync(path.join(stack, '.terraform/providers')).isDirectory()).toBe(true);
    rmSync(path.join(stack, 'terraform.tfvars'));
    rmSync(path.join(stack, '.terraform'), { recursive: true });
    expect(runSynth(repo).status).toBe(0);
    expect(hashes()).toEqual(good);
  });

  test('a symlinked dist/ stays a link; the output lands where it points', () => {
    const real = path.join(repo, 'elsewhere-dist');
    cpSync(dist, real, { recursive: true });
    rmSync(dist, { recursive: true });
    symlinkSync(real, dist, 'dir');
    try {
      expect(runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } }).status).toBe(0);
      expect(lstatSync(dist).isSymbolicLink()).toBe(true);
      expect(readFileSync(path.join(real, '0003-gateway.k8s.yaml'), 'utf8')).toContain('changed-gw-ip');
      expect(runSynth(repo).status).toBe(0);
      expect(treeHash(real)).toBe(good.dist);
    } finally {
      rmSync(dist);
      rmSync(real, { recursive: true });
      expect(runSynth(repo).status).toBe(0);
    }
  });
});

test('two synthesis runs at once: both succeed, one after the other, and the folders describe one configuration', async () => {
  const run = (cluster: string) => new Promise<number | null>((resolve) => {
    const [command, args] = synthCommand(repo);
    const child = spawn(command, args, { cwd: repo, env: { ...cleanEnv(), GKE_CLUSTER_NAME: cluster }, stdio: 'ignore' });
    child.once('exit', (code) => resolve(code));
  });
  const outputs: Record<string, { dist: string; cdktfOut: string }> = {};
  for (const cluster of ['first', 'second']) {
    expect(runSynth(repo, { env: { GKE_CLUSTER_NAME: cluster } }).status).toBe(0);
    outputs[cluster] = hashes();
  }
  for (let round = 0; round < 3; round++) {
    expect(await Promise.all([run('first'), run('second')])).toEqual([0, 0]);
    expect(Object.values(outputs)).toContainEqual(hashes());
  }
  expect(runSynth(repo).status).toBe(0);
  expect(hashes()).toEqual(good);
}, 60_000);
