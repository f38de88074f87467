import { spawn, spawnSync } from 'node:child_process';
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

  test('a manifest the user put in dist/ (kubectl apply -f would apply it) is named and kept; neither folder changes', () => {
    writeFileSync(path.join(dist, 'my-configmap.yaml'), 'kind: ConfigMap\n');
    const before = hashes();
    try {
      const result = runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('dist/my-configmap.yaml: not written by synthesis, and `kubectl apply -f dist` would apply it; move it out of dist and run again\n'
        + 'nothing was written: the output folders are as they were\n');
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

describe('file-system failures: one line naming the path, exit 2, no stack trace', () => {
  test('INFRA_CONFIG naming a FIFO: refused at once, not waited on', () => {
    const fifo = path.join(repo, 'config.fifo');
    spawnSync('mkfifo', [fifo]);
    const result = runSynth(repo, { env: { INFRA_CONFIG: fifo } });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('config.fifo: cannot read the config file (a FIFO, not a regular file); set INFRA_CONFIG to an existing YAML file\n'
      + 'nothing was written: fix the configuration and run again\n');
    expect(hashes()).toEqual(good);
  });

  test('a read-only checkout (EROFS), then a full disk under cdktf.out (ENOSPC): each one line; freed, the next run finishes', () => {
    if (spawnSync('mount', ['--bind', '-o', 'ro', repo, repo]).status !== 0) {
      console.warn('skipped: cannot bind-mount read-only here (needs root)');
      return;
    }
    let result;
    try {
      result = runSynth(repo);
    } finally {
      spawnSync('umount', [repo]);
    }
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^\.synth\.lock\.\d+\.draft: read-only file system \(EROFS\); the output folders are as they were or partly written: fix this and run again\n$/);
    const small = path.join(repo, 'small');
    mkdirSync(small);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=100k', 'tmpfs', small]).status !== 0) {
      console.warn('skipped: cannot mount a small tmpfs here (needs root)');
      return;
    }
    cpSync(cdktfOut, path.join(small, 'out'), { recursive: true });
    rmSync(cdktfOut, { recursive: true });
    symlinkSync(path.join(small, 'out'), cdktfOut);
    try {
      const free = Number(spawnSync('df', ['--output=avail', '-B1', small], { encoding: 'utf8' }).stdout.split('\n')[1]);
      writeFileSync(path.join(small, 'filler'), Buffer.alloc(free - 8 * 1024));
      result = runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^cdktf\.out\/\S+\.synth-tmp: no space left on the device \(ENOSPC\); cdktf\.out may be partly written: fix this and run again to finish it\n$/);
      rmSync(path.join(small, 'filler'));
      expect(runSynth(repo).status).toBe(0);
      expect(hashes()).toEqual(good);
    } finally {
      rmSync(cdktfOut);
      cpSync(path.join(small, 'out'), cdktfOut, { recursive: true });
      spawnSync('umount', [small]);
      rmSync(small, { recursive: true });
    }
  });
});

test('npm run verify refuses a dist/ and cdktf.out/ from different configurations, with one line, before any check', () => {
  const manifest = path.join(cdktfOut, '.synth-manifest');
  const saved = readFileSync(manifest, 'utf8');
  writeFileSync(manifest, saved.replace(/^# config default sha256:\w+/, '# config default sha256:0000'));
  try {
    const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(repo, 'src/bin/verify.ts')], { cwd: repo, env: cleanEnv(), encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('verify: dist and cdktf.out were not synthesized from one configuration (environment default differs): run npm run synth\n');
    expect(result.stdout).toBe('');
  } finally {
    writeFileSync(manifest, saved);
  }
});

test('what an older, interrupted synthesis parked is named and never deleted', () => {
  const parked = path.join(repo, '.publish-cdktf.out-old-123-abcd');
  mkdirSync(path.join(parked, 'stacks/platform'), { recursive: true });
  writeFileSync(path.join(parked, 'stacks/platform/terraform.tfstate'), '{"serial":7}');
  writeFileSync(path.join(repo, '.synth-journal.json'), '{}');
  try {
    const result = runSynth(repo);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe([
      '.publish-cdktf.out-old-123-abcd: left by an older synthesis that was interrupted; it may hold your files (terraform state): move them back, then delete it',
      '.synth-journal.json: left by an older synthesis that was interrupted; it may hold your files (terraform state): move them back, then delete it',
    ].map((l) => `${l}\n`).join(''));
    expect(readFileSync(path.join(parked, 'stacks/platform/terraform.tfstate'), 'utf8')).toBe('{"serial":7}');
  } finally {
    rmSync(parked, { recursive: true });
    rmSync(path.join(repo, '.synth-journal.json'));
  }
});

describe('what users have in the output folders', () => {
  test('terraform\'s files in a stack folder survive a synthesis', () => {
    const stack = path.join(cdktfOut, 'stacks/platform');
    writeFileSync(path.join(stack, 'terraform.tfvars'), 'x = 1\n');
    mkdirSync(path.join(stack, '.terraform/providers'), { recursive: true });
    mkdirSync(path.join(stack, 'terraform.tfstate.d/prod'), { recursive: true });
    writeFileSync(path.join(stack, 'terraform.tfstate.d/prod/terraform.tfstate'), '{}');
    writeFileSync(path.join(stack, '.terraformrc'), 'rc');
    expect(runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } }).status).toBe(0);
    expect(readFileSync(path.join(stack, 'terraform.tfvars'), 'utf8')).toBe('x = 1\n');
    expect(readFileSync(path.join(stack, 'terraform.tfstate.d/prod/terraform.tfstate'), 'utf8')).toBe('{}');
    expect(readFileSync(path.join(stack, '.terraformrc'), 'utf8')).toBe('rc');
    expect(lstatSync(path.join(stack, '.terraform/providers')).isDirectory()).toBe(true);
    for (const f of ['terraform.tfvars', '.terraform', 'terraform.tfstate.d', '.terraformrc']) rmSync(path.join(stack, f), { recursive: true });
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
  for (let round = 0; round < 2; round++) {
    expect(await Promise.all([run('first'), run('second')])).toEqual([0, 0]);
    expect(Object.values(outputs)).toContainEqual(hashes());
  }
  expect(runSynth(repo).status).toBe(0);
  expect(hashes()).toEqual(good);
}, 300_000);
