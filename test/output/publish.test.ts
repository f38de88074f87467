import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Config } from '../../src/config/schema';
import { configurationMismatch, faults, listFiles, MANIFEST_FILE, TEMP_SUFFIX } from '../../src/output/publish';
import { PublishError } from '../../src/output/publish-error';
import { HALVES, synthesizeInto, type Half } from '../../src/pipeline';
import { configWith } from '../support/config';
import { readTree, writeTree, type Tree } from '../support/tree';

// Two configurations whose outputs differ in content and in their sets of files: B drops the
// placeholder chart and adds the state stack.
const A = configWith();
const B = configWith((c) => {
  c.cluster.name = 'other';
  c.state = { bucket: 'wti-other-tfstate', createBucket: true };
  for (const e of c.endpoints) e.backend = { service: 'web', port: 80 };
});
const OUT = ['dist', 'cdktf.out'];

/**
 * Each half's output, small and made from the configuration: this file tests publishing, not
 * synthesis (test/pipeline.test.ts publishes the real halves). Like the real ones, B's k8s output
 * lacks the placeholder file and B's gcp output has one more stack.
 */
function output(half: Half, config: Config): Record<string, string> {
  const b = config.cluster.name === 'other';
  const name = config.cluster.name;
  if (half === 'k8s') return { Kustomization: `resources: [${name}]\n`, '0000-cluster.k8s.yaml': `cluster: ${name}\n`, ...(b ? {} : { '0001-placeholder.k8s.yaml': 'placeholder\n' }), '0004-routes.k8s.yaml': 'routes\n' };
  return Object.fromEntries(['manifest.json', ...['platform', 'addons', 'dns-records', ...(b ? ['state'] : [])].map((s) => `stacks/${s}/cdk.tf.json`)].map((f) => [f, `{"${f}":"${name}"}\n`]));
}
function mockHalves(): void {
  for (const half of ['k8s', 'gcp'] as const) {
    jest.spyOn(HALVES, half).mockReturnValue(([config], dir) => {
      for (const [file, text] of Object.entries(output(half, config))) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
      return [];
    });
  }
}
beforeEach(mockHalves);
afterEach(() => {
  jest.restoreAllMocks();
  faults.before = () => {};
});

const targets = (root: string) => ({ k8s: path.join(root, 'dist'), gcp: path.join(root, 'cdktf.out') });
const run = (root: string, config: Config) => synthesizeInto(config, targets(root), { root });

/** Terraform's and the user's files, in every folder of A's output (they must never change). */
const EXTRAS: Record<string, string> = { 'dist/notes.txt': 'mine\n', 'dist/.gitkeep': '', 'cdktf.out/README': 'mine\n' };
for (const stack of ['platform', 'addons', 'dns-records']) {
  for (const [rel, text] of Object.entries({
    'terraform.tfstate': `{"stack":"${stack}"}`, 'terraform.tfstate.backup': '{}', 'terraform.tfstate.d/prod/terraform.tfstate': '{"ws":1}',
    '.terraform/providers/p/bin': 'binary', '.terraform.lock.hcl': 'lock', '.terraformrc': 'rc', 'prod.tfvars': 'x = 1', 'notes/todo.md': 'mine',
  })) EXTRAS[`cdktf.out/stacks/${stack}/${rel}`] = text;
}

function extrasOf(root: string): Record<string, string> {
  return Object.fromEntries(Object.keys(EXTRAS).map((rel) => [rel, readFileSync(path.join(root, rel), 'utf8')]));
}

/** Every path and byte of the output folders except the extras. */
function outputs(root: string): Record<string, string> {
  return Object.fromEntries(OUT.flatMap((dir) => listFiles(path.join(root, dir)).map((f) => `${dir}/${f}`))
    .filter((rel) => !(rel in EXTRAS)).map((rel) => [rel, readFileSync(path.join(root, rel), 'utf8')]));
}

/** Everything in the root and the output folders that a run may leave behind. */
function leftovers(root: string): string[] {
  const inRoot = readdirSync(root).filter((e) => !OUT.includes(e));
  const temps = OUT.flatMap((dir) => listFiles(path.join(root, dir)).filter((f) => f.endsWith(TEMP_SUFFIX)));
  const emptyDirs = OUT.flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(path.join(e.parentPath, e.name)).length === 0).map((e) => e.name));
  return [...inRoot, ...temps, ...emptyDirs];
}

function fresh(config: Config): string {
  const root = mkdtempSync(path.join(tmpdir(), 'publish-'));
  run(root, config);
  return root;
}

/** A's or B's clean output with terraform's and the user's files added. */
function withExtras(config: Config): Tree {
  const root = fresh(config);
  for (const [rel, text] of Object.entries(EXTRAS)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return readTree(root);
}

/** The steps of publishing `to` over `from`: every write, rename and unlink, in order. */
function stepsOf(from: Tree, to: Config): string[] {
  const steps: string[] = [];
  const root = writeTree(from);
  faults.before = (op, file) => { steps.push(`${op} ${path.relative(root, file)}`); };
  run(root, to);
  faults.before = () => {};
  return steps;
}

/**
 * Clean outputs, fixtures and step lists, made by the first test that needs them (not at load or in
 * beforeAll, which Stryker's per-test coverage counts as every test's).
 */
let made: { clean: Record<'A' | 'B', Tree>; fixtures: Record<'A' | 'B', Tree>; steps: Record<'A' | 'B', string[]> } | undefined;
function setup(): NonNullable<typeof made> {
  if (!made) {
    const fixtures = { A: withExtras(A), B: withExtras(B) };
    const clean = { A: outputs(writeTree(fixtures.A)), B: outputs(writeTree(fixtures.B)) };
    made = { clean, fixtures, steps: { A: stepsOf(fixtures.A, B), B: stepsOf(fixtures.B, A) } };
  }
  return made;
}

/** A pid that is certainly not running: a child that has exited and been reaped (spawnSync waits for both). */
let reaped: number | undefined;
const deadPid = () => (reaped ??= spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' }).pid!);

/** What a kill leaves that `finally` would otherwise clean: a dead run's lock, lock draft and scratch folder. */
function leaveWhatAKillLeaves(root: string): void {
  const dead = deadPid();
  writeFileSync(path.join(root, '.synth.lock'), `${JSON.stringify({ pid: dead, host: require('node:os').hostname(), command: 'synth', startedAt: 'then' })}\n`);
  writeFileSync(path.join(root, `.synth.lock.${dead}.draft`), 'x');
  mkdirSync(path.join(root, `.synth-scratch-${dead}-0a0b0c0d/0`), { recursive: true });
  writeFileSync(path.join(root, `.synth-scratch-${dead}-0a0b0c0d/0/x.yaml`), 'x');
}

describe('a run killed at any write, rename or unlink is finished by the next, even after the checkout moved', () => {
  test('the matrix covers every kind of step in both folders', () => {
    const { steps } = setup();
    const all = [...steps.A, ...steps.B];
    for (const kind of ['write dist/', 'rename dist/', 'unlink dist/', 'write cdktf.out/', 'rename cdktf.out/', 'unlink cdktf.out/stacks/state/cdk.tf.json', 'unlink cdktf.out/stacks/state']) {
      expect(all.some((s) => s.startsWith(kind))).toBe(true);
    }
    for (const list of [steps.A, steps.B]) {
      // The manifest is written first (as the intent) and last (as the record), in each folder.
      expect(list.slice(0, 2)).toEqual([`write dist/${MANIFEST_FILE}${TEMP_SUFFIX}`, `rename dist/${MANIFEST_FILE}`]);
      expect(list.at(-1)).toBe(`rename cdktf.out/${MANIFEST_FILE}`);
    }
  });

  test.each(['A', 'B'] as const)('from %s: killed before each step in turn, the next run (either configuration, the checkout moved every third time) gives a clean run\'s output', (from) => {
    const { clean, fixtures, steps } = setup();
    const problems: string[] = [];
    steps[from].forEach((step, index) => {
      const next = index % 2 === 0 ? 'B' : 'A';
      let root = writeTree(fixtures[from]);
      let count = 0;
      faults.before = (op, file) => {
        if (count++ < index) return;
        if (op === 'write') writeFileSync(file, 'half a fi'); // killed mid-write
        throw new Error('killed');
      };
      // The kill itself, not reported as a file-system problem.
      expect(() => run(root, from === 'A' ? B : A)).toThrow(new Error('killed'));
      faults.before = () => {};
      leaveWhatAKillLeaves(root);
      if (index % 3 === 0) {
        renameSync(root, `${root}-moved`);
        root = `${root}-moved`;
      }
      run(root, next === 'A' ? A : B);
      const wrong = [
        JSON.stringify(outputs(root)) === JSON.stringify(clean[next]) ? '' : `not ${next}'s clean output`,
        JSON.stringify(extrasOf(root)) === JSON.stringify(EXTRAS) ? '' : 'terraform\'s or the user\'s files changed',
        ...leftovers(root).map((l) => `leftover ${l}`),
      ].filter(Boolean);
      if (wrong.length > 0) problems.push(`killed before step ${index} (${step}), next run ${next}: ${wrong.join(', ')}`);
    });
    expect(problems).toEqual([]);
    expect(steps[from].length).toBeGreaterThan(15);
  }, 600_000);

  test.each([['A', B, 'B'], ['B', A, 'A']] as const)('from %s, a run that completes leaves a clean run\'s output and the extras; running it again changes nothing', (from, to, name) => {
    const { clean, fixtures } = setup();
    const root = writeTree(fixtures[from]);
    run(root, to);
    expect(outputs(root)).toEqual(clean[name]);
    expect(extrasOf(root)).toEqual(EXTRAS);
    expect(leftovers(root)).toEqual([]);
    faults.before = (op, file) => { throw new Error(`${op} ${file}: an unchanged output is not written again`); };
    run(root, to);
  });
});

describe('what may be in an output folder', () => {
  test('a file in dist/ that kubectl apply -f would read stops the run by name, before any folder changes', () => {
    const root = fresh(A);
    for (const name of ['my.yaml', 'sub/x.yml', 'a.json']) {
      mkdirSync(path.dirname(path.join(root, 'dist', name)), { recursive: true });
      writeFileSync(path.join(root, 'dist', name), 'kind: ConfigMap\n');
    }
    const before = outputs(root);
    expect(() => run(root, B)).toThrow(PublishError);
    try {
      run(root, B);
    } catch (error) {
      expect((error as PublishError).problems).toEqual(['dist/a.json', 'dist/my.yaml', 'dist/sub/x.yml'].map((f) => expect.stringContaining(
        `${path.join(root, f)}: not written by synthesis, and \`kubectl apply -f ${path.join(root, 'dist')}\` would apply it; move it out`,
      )));
      expect((error as PublishError).partial).toBe(false);
    }
    expect(outputs(root)).toEqual(before);
  });

  test('a folder where synthesis writes a file, or a file where it needs a folder, is refused before anything changes', () => {
    const root = fresh(A);
    rmSync(path.join(root, 'cdktf.out/stacks/addons'), { recursive: true });
    writeFileSync(path.join(root, 'cdktf.out/stacks/addons'), 'a file');
    mkdirSync(path.join(root, 'dist/0002-certificates.k8s.yaml.d'));
    rmSync(path.join(root, 'cdktf.out/manifest.json'));
    mkdirSync(path.join(root, 'cdktf.out/manifest.json'));
    const before = outputs(root);
    expect(() => run(root, B)).toThrow(/cdktf\.out\/manifest\.json: in the way of a file synthesis writes; move it away and run again\n.*cdktf\.out\/stacks\/addons: in the way/);
    expect(outputs(root)).toEqual(before);
  });

  test('an output folder that is a file, or a symlink to nowhere, is named; nothing changes', () => {
    const { clean } = setup();
    const root = fresh(A);
    rmSync(path.join(root, 'cdktf.out'), { recursive: true });
    writeFileSync(path.join(root, 'cdktf.out'), 'x');
    expect(() => run(root, B)).toThrow(`${path.join(root, 'cdktf.out')}: a file, not a folder`);
    rmSync(path.join(root, 'cdktf.out'));
    symlinkSync(path.join(root, 'gone'), path.join(root, 'cdktf.out'));
    expect(() => run(root, B)).toThrow(`${path.join(root, 'cdktf.out')}: a symlink to ${path.join(root, 'gone')}, which does not exist`);
    expect(readFileSync(path.join(root, 'dist/0000-cluster.k8s.yaml'), 'utf8')).toBe(clean.A['dist/0000-cluster.k8s.yaml']);
  });

  test('a symlinked output folder stays a link; the files are written where it points', () => {
    const { clean } = setup();
    const root = fresh(A);
    const real = mkdtempSync(path.join(tmpdir(), 'elsewhere-'));
    cpSync(path.join(root, 'dist'), real, { recursive: true });
    rmSync(path.join(root, 'dist'), { recursive: true });
    symlinkSync(real, path.join(root, 'dist'));
    run(root, B);
    expect(lstatSync(path.join(root, 'dist')).isSymbolicLink()).toBe(true);
    expect(outputs(root)).toEqual(clean.B);
  });

  test.each([
    ['../outside', '"../outside" is not a file synthesis writes'],
    ['/etc/passwd', '"/etc/passwd" is not a file synthesis writes'],
    ['a/../../b', '"a/../../b" is not a file synthesis writes'],
    ['# something else', '"# something else" is not a file synthesis writes'],
  ])('a manifest naming %j is refused: nothing outside the folder is ever deleted', (line, problem) => {
    const { clean } = setup();
    const root = fresh(A);
    writeFileSync(path.join(root, 'cdktf.out', MANIFEST_FILE), `manifest.json\n${line}\n`);
    expect(() => run(root, B)).toThrow(problem);
    expect(outputs(root)['dist/Kustomization']).toBe(clean.A['dist/Kustomization']);
  });

  test('a manifest that is a FIFO is refused at once', () => {
    const root = fresh(A);
    rmSync(path.join(root, 'dist', MANIFEST_FILE));
    spawnSync('mkfifo', [path.join(root, 'dist', MANIFEST_FILE)]);
    expect(() => run(root, B)).toThrow(`${path.join(root, 'dist', MANIFEST_FILE)}: cannot be read (a FIFO, not a regular file)`);
  });
});

describe('each folder records the configuration it came from', () => {
  test('one run: the pair matches; after --only one half with another configuration, it does not, even when that half\'s files are the same', () => {
    const mismatch = `were not synthesized from one configuration (environment default differs): run npm run synth`;
    for (const other of [B, configWith((c) => { c.state = { bucket: 'wti-c-tfstate', createBucket: true }; })]) {
      const root = fresh(A);
      const dist = readFileSync(path.join(root, 'dist', MANIFEST_FILE), 'utf8');
      expect(dist).toMatch(/^# config default sha256:[0-9a-f]{64}\n0000-cluster\.k8s\.yaml\n/);
      expect(configurationMismatch(path.join(root, 'dist'), path.join(root, 'cdktf.out'))).toBeUndefined();
      synthesizeInto(other, { k8s: path.join(root, 'dist') }, { root });
      expect(configurationMismatch(path.join(root, 'dist'), path.join(root, 'cdktf.out')))
        .toBe(`${path.join(root, 'dist')} and ${path.join(root, 'cdktf.out')} ${mismatch}`);
    }
  });

  test('a folder without a manifest is not compared; one mid-publish, or of another environment, is named', () => {
    const root = fresh(A);
    const [dist, out] = [path.join(root, 'dist'), path.join(root, 'cdktf.out')];
    expect(configurationMismatch(dist, path.join(root, 'nothing'))).toBeUndefined();
    writeFileSync(path.join(out, MANIFEST_FILE), 'manifest.json\n');
    expect(configurationMismatch(dist, out)).toBe(`${out}: records no configuration (an interrupted or older synthesis): run npm run synth`);
    writeFileSync(path.join(out, MANIFEST_FILE), '# config staging sha256:0\n');
    expect(configurationMismatch(dist, out)).toMatch(/not synthesized from one configuration \(no environment in common\)/);
    writeFileSync(path.join(out, MANIFEST_FILE), '../x\n');
    expect(configurationMismatch(dist, out)).toMatch(/"\.\.\/x" is not a file synthesis writes/);
  });
});

describe('file-system failures', () => {
  test('a full disk while publishing: one line naming the file, marked partial; after space is freed the next run finishes', () => {
    const { clean } = setup();
    const mount = mkdtempSync(path.join(tmpdir(), 'small-'));
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mount]).status !== 0) {
      console.warn('skipped: cannot mount a small tmpfs here (needs root)');
      return;
    }
    try {
      const root = fresh(A);
      cpSync(path.join(root, 'cdktf.out'), path.join(mount, 'out'), { recursive: true });
      rmSync(path.join(root, 'cdktf.out'), { recursive: true });
      symlinkSync(path.join(mount, 'out'), path.join(root, 'cdktf.out'));
      const free = Number(spawnSync('df', ['--output=avail', '-B1', mount], { encoding: 'utf8' }).stdout.split('\n')[1]);
      writeFileSync(path.join(mount, 'filler'), Buffer.alloc(free));
      let error: unknown;
      try {
        run(root, B);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PublishError);
      expect((error as PublishError).partial).toBe(true);
      expect((error as PublishError).problems).toEqual([
        expect.stringMatching(new RegExp(`^${root}/cdktf\\.out/\\S+${TEMP_SUFFIX.replace('.', '\\.')}: no space left on the device \\(ENOSPC\\); ${root}/cdktf\\.out may be partly written: fix this and run again to finish it$`)),
      ]);
      rmSync(path.join(mount, 'filler'));
      run(root, B);
      expect(outputs(root)).toEqual(clean.B);
      expect(leftovers(root)).toEqual([]);
    } finally {
      spawnSync('umount', [mount]);
    }
  });

  test('a read-only output folder: one line naming it, before anything changes', () => {
    const { clean } = setup();
    const root = fresh(A);
    const mount = path.join(root, 'cdktf.out');
    if (spawnSync('mount', ['--bind', '-o', 'ro', mount, mount]).status !== 0 && spawnSync('mount', ['-o', 'remount,ro,bind', mount]).status !== 0) {
      console.warn('skipped: cannot bind-mount read-only here (needs root)');
      return;
    }
    try {
      expect(existsSync(path.join(mount, MANIFEST_FILE))).toBe(true);
      expect(() => run(root, B)).toThrow(/read-only file system \(EROFS\); .*cdktf\.out may be partly written/);
    } finally {
      spawnSync('umount', [mount]);
    }
    run(root, B);
    expect(outputs(root)).toEqual(clean.B);
  });
});
