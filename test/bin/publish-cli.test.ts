import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { failureOutput } from '../../src/bin/cli';
import { parseSynthArgs } from '../../src/bin/synth-args';
import { loadEnvironments } from '../../src/environments/environments';
import { cleanEnv, runSynth, synthCommand, synthesized, treeHash } from '../support/sandbox';

// `npm run synth` against what an unlucky user has in the repository. A child process where the
// process boundary is what is tested (exit code and stderr, locks between processes, real
// file-system failures); the command line and the config files in-process, through the code the
// entry point runs (src/bin/synth-args.ts, src/bin/cli.ts).
const { repo } = synthesized();
const dist = path.join(repo, 'dist');
const cdktfOut = path.join(repo, 'cdktf.out');
const hashes = () => ({ dist: treeHash(dist), cdktfOut: treeHash(cdktfOut) });
const good = hashes();
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:/);
const NOTHING_WRITTEN = 'nothing was written: fix the configuration and run again';

/** What the CLI prints on stderr and exits with (src/bin/cli.ts runCli) when `run` throws. */
function failureOf(run: () => unknown): ReturnType<typeof failureOutput> {
  try {
    run();
  } catch (error) {
    return failureOutput(error);
  }
  throw new Error('expected a failure');
}

describe('the command line', () => {
  test.each([
    [['--only=toString'], 'command line: --only: "toString" is not allowed; allowed: k8s, gcp'],
    [['--only=constructor'], 'command line: --only: "constructor" is not allowed; allowed: k8s, gcp'],
    [['--only=__proto__'], 'command line: --only: "__proto__" is not allowed; allowed: k8s, gcp'],
    [['--only=helm'], 'command line: --only: "helm" is not allowed; allowed: k8s, gcp'],
    [['--only'], expect.stringMatching(/^command line: Option '--only <value>' argument missing; usage: npm run synth \[-- --env=NAME\] \[--only=k8s\|gcp\]$/)],
    [['--bogus'], expect.stringMatching(/^command line: Unknown option '--bogus'.*; usage: npm run synth/)],
    [['dist'], expect.stringMatching(/^command line: Unexpected argument 'dist'.*; usage: npm run synth/)],
  ])('%j: exit 2, one line naming the option', (args, line) => {
    const { stderr, code } = failureOf(() => parseSynthArgs(args));
    expect(code).toBe(2);
    expect(stderr.split('\n')).toEqual([line, NOTHING_WRITTEN, '']);
  });

  test('the process: exit 2, those two lines on stderr and nothing else, nothing written', () => {
    const result = runSynth(repo, { args: ['--only=__proto__'] });
    expect([result.status, result.stdout, result.stderr]).toEqual([2, '', `command line: --only: "__proto__" is not allowed; allowed: k8s, gcp\n${NOTHING_WRITTEN}\n`]);
    expect(hashes()).toEqual(good);
  });
});

describe('config files: one line per problem naming the file, exit 2', () => {
  const failureWith = (file: string) => failureOf(() => loadEnvironments({ env: { INFRA_CONFIG: file } }));
  const shown = (file: string) => path.relative(process.cwd(), file);

  test('a key with a newline cannot forge a second error line; control characters are shown escaped', () => {
    const file = path.join(repo, 'forge.yaml');
    writeFileSync(file, 'project: {id: wti-ai-platform}\nendpoints: [{hostname: a.wti.net}]\n"x\\nforge.yaml: project.id: fine\\u001b[31m": 1\n');
    expect(failureWith(file)).toEqual({
      code: 2,
      stderr: `${shown(file)}: x\\u000aforge.yaml: project.id: fine\\u001b[31m: unknown key; see the fields in src/config/schema.ts\n${NOTHING_WRITTEN}\n`,
    });
  });

  test('an alias bomb is refused, not expanded', () => {
    const file = path.join(repo, 'bomb.yaml');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
    writeFileSync(file, `${levels.join('\n')}\n`);
    const { stderr, code } = failureWith(file);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^${shown(file).replace(/[.]/g, '\\.')}: YAML: aliases expand the document too far .* at line 2, column \\d+\\n${NOTHING_WRITTEN}\\n$`));
  });

  test('INFRA_CONFIG naming a FIFO: refused at once, not waited on', () => {
    const fifo = path.join(repo, 'config.fifo');
    spawnSync('mkfifo', [fifo]);
    expect(failureWith(fifo)).toEqual({
      code: 2,
      stderr: `${shown(fifo)}: cannot read the config file (a FIFO, not a regular file); set INFRA_CONFIG to an existing YAML file\n${NOTHING_WRITTEN}\n`,
    });
  });
});

describe('output folders that cannot be published', () => {
  afterEach(() => expect(hashes()).toEqual(good));

  test('cdktf.out a file, and a manifest the user put in dist/ (kubectl apply -f would apply it): each named, exit 2, neither folder changes', () => {
    renameSync(cdktfOut, `${cdktfOut}.saved`);
    writeFileSync(cdktfOut, 'not a folder');
    writeFileSync(path.join(dist, 'my-configmap.yaml'), 'kind: ConfigMap\n');
    const before = treeHash(dist);
    try {
      const result = runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe([
        'dist/my-configmap.yaml: not written by synthesis, and `kubectl apply -f dist` would apply it; move it out of dist and run again',
        'cdktf.out: a file, not a folder; synthesis writes a folder here: move the file away and run again',
        'nothing was written: the output folders are as they were',
      ].map((l) => `${l}\n`).join(''));
      expect(treeHash(dist)).toBe(before);
      expect(readFileSync(cdktfOut, 'utf8')).toBe('not a folder');
    } finally {
      rmSync(path.join(dist, 'my-configmap.yaml'));
      rmSync(cdktfOut);
      renameSync(`${cdktfOut}.saved`, cdktfOut);
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

test('a read-only checkout (EROFS), then a full disk under cdktf.out (ENOSPC): each one line, exit 2; freed, the next run finishes', () => {
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

test('npm run verify refuses a dist/ and cdktf.out/ from different configurations, with one line, before any check', () => {
  const manifest = path.join(cdktfOut, '.synth-manifest');
  const saved = readFileSync(manifest, 'utf8');
  writeFileSync(manifest, saved.replace(/^# config default sha256:\w+/, '# config default sha256:0000'));
  try {
    const result = spawnSync(process.execPath, [path.join(repo, 'src/bin/run.cjs'), 'verify'], { cwd: repo, env: cleanEnv(), encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('verify: dist and cdktf.out were not synthesized from one configuration (environment default differs): run npm run synth\n');
    expect(result.stdout).toBe('');
  } finally {
    writeFileSync(manifest, saved);
  }
});

// One run with another configuration and one back, beside everything users and older runs leave.
describe('what users have beside the output survives a run with another configuration and one back', () => {
  const stack = path.join(cdktfOut, 'stacks/platform');
  const real = path.join(repo, 'elsewhere-dist');
  const parked = path.join(repo, '.publish-cdktf.out-old-123-abcd');
  const PARKED_LINES = [
    '.publish-cdktf.out-old-123-abcd: left by an older synthesis that was interrupted; it may hold your files (terraform state): move them back, then delete it',
    '.synth-journal.json: left by an older synthesis that was interrupted; it may hold your files (terraform state): move them back, then delete it',
  ].map((l) => `${l}\n`).join('');
  const terraformFilesKept = () => {
    expect(readFileSync(path.join(stack, 'terraform.tfvars'), 'utf8')).toBe('x = 1\n');
    expect(readFileSync(path.join(stack, 'terraform.tfstate.d/prod/terraform.tfstate'), 'utf8')).toBe('{}');
    expect(readFileSync(path.join(stack, '.terraformrc'), 'utf8')).toBe('rc');
    expect(lstatSync(path.join(stack, '.terraform/providers')).isDirectory()).toBe(true);
  };

  beforeAll(() => {
    // terraform's files in a stack folder
    writeFileSync(path.join(stack, 'terraform.tfvars'), 'x = 1\n');
    mkdirSync(path.join(stack, '.terraform/providers'), { recursive: true });
    mkdirSync(path.join(stack, 'terraform.tfstate.d/prod'), { recursive: true });
    writeFileSync(path.join(stack, 'terraform.tfstate.d/prod/terraform.tfstate'), '{}');
    writeFileSync(path.join(stack, '.terraformrc'), 'rc');
    // dist/ a symlink to a folder elsewhere
    cpSync(dist, real, { recursive: true });
    rmSync(dist, { recursive: true });
    symlinkSync(real, dist, 'dir');
    // what an older, interrupted synthesis parked
    mkdirSync(path.join(parked, 'stacks/platform'), { recursive: true });
    writeFileSync(path.join(parked, 'stacks/platform/terraform.tfstate'), '{"serial":7}');
    writeFileSync(path.join(repo, '.synth-journal.json'), '{}');
  });

  test('another configuration: terraform\'s files stay, dist/ stays a link with the output where it points, what was parked is named and kept', () => {
    const result = runSynth(repo, { env: { GKE_CLUSTER_NAME: 'changed' } });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(PARKED_LINES);
    terraformFilesKept();
    expect(lstatSync(dist).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(real, '0003-gateway.k8s.yaml'), 'utf8')).toContain('changed-gw-ip');
    expect(readFileSync(path.join(parked, 'stacks/platform/terraform.tfstate'), 'utf8')).toBe('{"serial":7}');
  });

  test('back to the default: the bytes of a clean run, where the link points; the rest still there', () => {
    const result = runSynth(repo);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(PARKED_LINES);
    terraformFilesKept();
    expect(treeHash(real)).toBe(good.dist);
    for (const f of ['terraform.tfvars', '.terraform', 'terraform.tfstate.d', '.terraformrc']) rmSync(path.join(stack, f), { recursive: true });
    expect(treeHash(cdktfOut)).toBe(good.cdktfOut);
  });

  afterAll(() => {
    rmSync(parked, { recursive: true });
    rmSync(path.join(repo, '.synth-journal.json'));
    rmSync(dist);
    renameSync(real, dist);
  });
});

test('two synthesis runs at once: one waits for the other\'s lock, both succeed, and the folders describe one configuration', async () => {
  expect(runSynth(repo, { env: { GKE_CLUSTER_NAME: 'second' } }).status).toBe(0);
  const outputs = [good, hashes()];
  // The test holds the lock (as a live synthesis) until both runs are waiting for it: whichever
  // takes it next, the other has to wait for that one. The wait allowed is the test's hang guard.
  const lock = path.join(repo, '.synth.lock');
  writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), command: 'test', startedAt: new Date().toISOString() }));
  let children: ChildProcess[] = [];
  const waiting = new Set<string>();
  const watcher = watch(repo);
  // A waiting run tries the lock through a draft, `.synth.lock.<pid>.draft`.
  const bothWaiting = new Promise<void>((resolve) => watcher.on('change', (_, name) => {
    const pid = /^\.synth\.lock\.(\d+)\.draft$/.exec(String(name))?.[1];
    if (pid && children.some((c) => String(c.pid) === pid)) waiting.add(pid);
    if (waiting.size === 2) resolve();
  }));
  const [command, args] = synthCommand(repo);
  children = [{}, { GKE_CLUSTER_NAME: 'second' }].map((env) => spawn(command, args, { cwd: repo, env: { ...cleanEnv(), ...env, SYNTH_LOCK_WAIT_SECONDS: '600' }, stdio: 'ignore' }));
  const exits = children.map((child) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))));
  try {
    await Promise.race([bothWaiting, ...exits]);
  } finally {
    watcher.close();
    rmSync(lock);
  }
  expect(await Promise.all(exits)).toEqual([0, 0]);
  expect(waiting.size).toBe(2);
  expect(outputs).toContainEqual(hashes());
  expect(readdirSync(repo).filter((e) => /^\.synth/.test(e))).toEqual([]);
});
