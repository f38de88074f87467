import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MANIFEST_FILE } from '../../src/output/ownership';
import { PublishError } from '../../src/output/publish-error';
import { JOURNAL_FILE, OutputTransaction, recover } from '../../src/output/transaction';
import { treeHash } from '../support/sandbox';

// The module object itself (not an import namespace copy), so spies reach the code under test.
const fs: typeof import('node:fs') = require('node:fs');

const KEEP = /^stacks\/[^/]+\/(\.terraform|\.terraform\.lock\.hcl|[^/]+\.tfvars)$/;

/** Makes removing the paths `matches` picks fail with `code`; every other removal goes through. */
function failRemoval(matches: (p: string) => boolean, code: string): void {
  const rm = fs.rmSync;
  jest.spyOn(fs, 'rmSync').mockImplementation((p, o) => {
    if (matches(String(p))) throw Object.assign(new Error('no'), { code });
    rm(p, o);
  });
}

/** A root with two published outputs, `a` and `b` (b keeps terraform's files), each holding v1. */
function published(names: string[] = ['a', 'b']) {
  const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
  const targets = names.map((n) => path.join(root, n));
  build(root, targets, 'v1');
  return { root, targets };
}

function build(root: string, targets: string[], version: string, extra: (dir: string, i: number) => void = () => {}): OutputTransaction {
  const transaction = new OutputTransaction(root);
  targets.forEach((target, i) => {
    const dir = transaction.stage(target, i === 1 ? { keep: KEEP } : {});
    mkdirSync(path.join(dir, 'stacks/app'), { recursive: true });
    writeFileSync(path.join(dir, 'stacks/app/main.json'), version);
    writeFileSync(path.join(dir, `${version}.yaml`), version);
    extra(dir, i);
  });
  transaction.commit();
  return transaction;
}

const hashes = (targets: string[]) => targets.map(treeHash);
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

afterEach(() => jest.restoreAllMocks());

describe('publishing several folders as one unit', () => {
  test('every target gets exactly the new output plus its manifest; no staging, parked folder or journal is left', () => {
    const { root, targets } = published();
    build(root, targets, 'v2');
    for (const target of targets) {
      expect(readdirSync(target).sort()).toEqual([MANIFEST_FILE, 'stacks', 'v2.yaml']);
      expect(readFileSync(path.join(target, MANIFEST_FILE), 'utf8')).toBe('stacks/app/main.json\nv2.yaml\n');
    }
    expect(readdirSync(root).sort()).toEqual(['a', 'b']);
  });

  test('the folder built is the folder published: moved by rename, never deleted and copied', () => {
    const { root, targets } = published();
    const transaction = new OutputTransaction(root);
    const dirs = targets.map((t) => transaction.stage(t));
    dirs.forEach((d) => writeFileSync(path.join(d, 'x'), 'x'));
    const built = dirs.map((d) => statSync(d).ino);
    const previous = targets.map((t) => statSync(t).ino);
    const removed: string[] = [];
    const rm = fs.rmSync;
    jest.spyOn(fs, 'rmSync').mockImplementation((p, o) => {
      removed.push(String(p));
      rm(p, o);
    });
    transaction.commit();
    expect(targets.map((t) => statSync(t).ino)).toEqual(built);
    // The old output was renamed aside whole before being removed, never emptied in place.
    expect(removed.filter((p) => targets.includes(p))).toEqual([]);
    expect(previous.every((ino) => !built.includes(ino))).toBe(true);
  });

  test('the first publish creates missing targets (and their parents)', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    build(root, [path.join(root, 'deep/a'), path.join(root, 'b')], 'v1');
    expect(readdirSync(path.join(root, 'deep/a')).sort()).toEqual([MANIFEST_FILE, 'stacks', 'v1.yaml']);
  });

  test('abort leaves every target byte-identical and removes the staging folders', () => {
    const { root, targets } = published();
    const before = hashes(targets);
    const transaction = new OutputTransaction(root);
    for (const target of targets) writeFileSync(path.join(transaction.stage(target), 'half'), 'half');
    transaction.abort();
    expect(hashes(targets)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['a', 'b']);
  });

  test.each([['the first', 0], ['the second', 1], ['the third', 2]])('when %s folder cannot be swapped in, no folder changes and the error says which and why', (_, failing) => {
    const { root, targets } = published(['a', 'b', 'c']);
    const before = hashes(targets);
    const rename = fs.renameSync;
    let failed = false;
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (!failed && String(from) === targets[failing]) {
        failed = true;
        throw Object.assign(new Error('busy'), { code: 'EBUSY' });
      }
      rename(from, to);
    });
    const error = thrown(() => build(root, targets, 'v2'));
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).problems).toEqual([
      `${path.relative(process.cwd(), targets[failing])}: cannot be published: busy or a mount point (EBUSY); no output folder was changed `
        + '(synthesis replaces each folder by renaming: it must be a writable folder, not a mount point)',
    ].map((l) => (path.isAbsolute(targets[failing]) && path.relative(process.cwd(), targets[failing]).startsWith('..') ? l.replace(path.relative(process.cwd(), targets[failing]), targets[failing]) : l)));
    expect(hashes(targets)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['a', 'b', 'c']);
  });
});

test('a folder published for the first time is removed again when another folder then fails', () => {
  const { root, targets } = published(['a']);
  const fresh = path.join(root, 'fresh');
  const before = hashes(targets);
  const rename = fs.renameSync;
  jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (String(from) === targets[0] && String(to).includes('-old-')) throw Object.assign(new Error('no'), { code: 'EXDEV' });
    rename(from, to);
  });
  const transaction = new OutputTransaction(root);
  writeFileSync(path.join(transaction.stage(fresh), 'x'), 'x');
  writeFileSync(path.join(transaction.stage(targets[0]), 'x'), 'x');
  expect(() => transaction.commit()).toThrow(/a: cannot be published: on another file system \(a mount point\) \(EXDEV\)/);
  expect(existsSync(fresh)).toBe(false);
  expect(hashes(targets)).toEqual(before);
  expect(readdirSync(root)).toEqual(['a']);
});

test('a journal that cannot be written stops the publish before any folder changes', () => {
  const { root, targets } = published();
  const before = hashes(targets);
  const open = fs.openSync;
  jest.spyOn(fs, 'openSync').mockImplementation((p, ...rest: any[]) => {
    if (String(p).includes(JOURNAL_FILE)) throw Object.assign(new Error('no'), { code: 'EROFS' });
    return (open as any)(p, ...rest);
  });
  expect(() => build(root, targets, 'v2')).toThrow(new RegExp(`${JOURNAL_FILE.replace('.', '\\.')}: cannot be published: read-only file system`));
  expect(hashes(targets)).toEqual(before);
  expect(readdirSync(root).sort()).toEqual(['a', 'b']);
});

describe('a run killed at any step of the commit', () => {
  test('a first publish killed at any step: the folder is either absent or complete', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    const target = path.join(root, 'out');
    const probe = new OutputTransaction(root);
    probe.stage(target);
    const count = probe.steps().length;
    probe.abort();
    for (let killedAfter = 0; killedAfter <= count; killedAfter++) {
      const transaction = new OutputTransaction(root);
      writeFileSync(path.join(transaction.stage(target), 'x'), 'x');
      transaction.steps().slice(0, killedAfter).forEach((step) => step.run());
      recover(root, [target]);
      if (existsSync(target)) {
        expect(readdirSync(target)).toEqual(['x']);
        fs.rmSync(target, { recursive: true });
      }
      expect(readdirSync(root)).toEqual([]);
    }
  });


  test.each([1, 2, 3])('with %i folders: the next run sees all old or all new output, and cleans up', (count) => {
    const names = ['a', 'b', 'c'].slice(0, count);
    const probe = published(names);
    const old = hashes(probe.targets);
    build(probe.root, probe.targets, 'v2');
    const complete = hashes(probe.targets);
    const stepCount = (() => {
      const { root, targets } = published(names);
      const transaction = new OutputTransaction(root);
      targets.forEach((t) => transaction.stage(t));
      const n = transaction.steps().length;
      transaction.abort();
      return n;
    })();
    expect(stepCount).toBe(2 * count + 3 + count);

    const outcomes = new Set<string>();
    for (let killedAfter = 0; killedAfter <= stepCount; killedAfter++) {
      const { root, targets } = published(names);
      const transaction = new OutputTransaction(root);
      targets.forEach((target, i) => {
        const dir = transaction.stage(target, i === 1 ? { keep: KEEP } : {});
        mkdirSync(path.join(dir, 'stacks/app'), { recursive: true });
        writeFileSync(path.join(dir, 'stacks/app/main.json'), 'v2');
        writeFileSync(path.join(dir, 'v2.yaml'), 'v2');
        fs.writeFileSync(path.join(dir, MANIFEST_FILE), 'stacks/app/main.json\nv2.yaml\n');
      });
      transaction.steps().slice(0, killedAfter).forEach((step) => step.run());
      expect(recover(root, targets)).toEqual([]);
      const now = hashes(targets);
      expect([old, complete]).toContainEqual(now);
      outcomes.add(JSON.stringify(now) === JSON.stringify(old) ? 'old' : 'new');
      expect(readdirSync(root).sort()).toEqual(names);
    }
    expect([...outcomes].sort()).toEqual(['new', 'old']);
  });

  test('terraform\'s files in a kept folder survive a kill after the commit point', () => {
    const { root, targets } = published();
    mkdirSync(path.join(targets[1], 'stacks/app/.terraform/providers'), { recursive: true });
    writeFileSync(path.join(targets[1], 'stacks/app/terraform.tfvars'), 'region = "x"');
    const transaction = new OutputTransaction(root);
    targets.forEach((t, i) => writeFileSync(path.join(transaction.stage(t, i === 1 ? { keep: KEEP } : {}), 'v2.yaml'), 'v2'));
    targets.forEach((t) => void t);
    const steps = transaction.steps();
    // Killed right after the commit point: every 'swap' step ran, no 'finish' step did.
    const commitPoint = steps.findIndex((s) => s.phase === 'finish');
    expect(steps[commitPoint - 1].subject).toBe(path.join(root, JOURNAL_FILE));
    steps.slice(0, commitPoint).forEach((s) => s.run());
    expect(existsSync(path.join(root, JOURNAL_FILE))).toBe(true);
    recover(root, targets);
    expect(readFileSync(path.join(targets[1], 'stacks/app/terraform.tfvars'), 'utf8')).toBe('region = "x"');
    expect(existsSync(path.join(targets[1], 'stacks/app/.terraform/providers'))).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['a', 'b']);
  });
});

describe('nothing of the user\'s is lost', () => {
  test('a file synthesis did not write is refused by name, and no folder changes', () => {
    const { root, targets } = published();
    writeFileSync(path.join(targets[0], 'notes.txt'), 'mine');
    mkdirSync(path.join(targets[1], 'stacks/app/extra'), { recursive: true });
    writeFileSync(path.join(targets[1], 'stacks/app/extra/plan.out'), 'mine');
    const before = hashes(targets);
    const error = thrown(() => build(root, targets, 'v2'));
    expect(error).toBeInstanceOf(PublishError);
    const shown = (t: string, rel: string) => path.join(path.relative(process.cwd(), t).startsWith('..') ? t : path.relative(process.cwd(), t), rel);
    expect((error as PublishError).problems).toEqual([
      `${shown(targets[0], 'notes.txt')}: not written by synthesis; move it out of ${shown(targets[0], '')} (whose contents synthesis replaces) and run again`,
    ]);
    expect(hashes(targets)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['a', 'b']);
  });

  test('a file added while the output was being built is refused too', () => {
    const { root, targets } = published();
    const before = hashes(targets);
    const transaction = new OutputTransaction(root);
    targets.forEach((t) => transaction.stage(t));
    writeFileSync(path.join(targets[1], 'late.txt'), 'mine');
    expect(() => transaction.commit()).toThrow(/late\.txt: not written by synthesis/);
    expect(hashes(targets)[0]).toEqual(before[0]);
    expect(readFileSync(path.join(targets[1], 'late.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(root).sort()).toEqual(['a', 'b']);
  });

  test('kept entries (terraform\'s working files, variable files) move into the new output, also when their folder is gone', () => {
    const { root, targets } = published();
    const stack = path.join(targets[1], 'stacks/app');
    mkdirSync(path.join(stack, '.terraform/providers'), { recursive: true });
    writeFileSync(path.join(stack, '.terraform/providers/p'), 'binary');
    writeFileSync(path.join(stack, '.terraform.lock.hcl'), 'lock');
    writeFileSync(path.join(stack, 'terraform.tfvars'), 'vars');
    const transaction = new OutputTransaction(root);
    transaction.stage(targets[0]);
    writeFileSync(path.join(transaction.stage(targets[1], { keep: KEEP }), 'v2.yaml'), 'v2'); // no stacks/app any more
    transaction.commit();
    expect(readFileSync(path.join(stack, '.terraform/providers/p'), 'utf8')).toBe('binary');
    expect(readFileSync(path.join(stack, '.terraform.lock.hcl'), 'utf8')).toBe('lock');
    expect(readFileSync(path.join(stack, 'terraform.tfvars'), 'utf8')).toBe('vars');
    expect(existsSync(path.join(stack, 'main.json'))).toBe(false);
    expect(readFileSync(path.join(targets[1], MANIFEST_FILE), 'utf8')).toBe('v2.yaml\n');
  });

  test('without a manifest (output of an older version), files matching the legacy pattern are owned, others refused', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    const target = path.join(root, 'dist');
    mkdirSync(target);
    writeFileSync(path.join(target, '0000-cluster.k8s.yaml'), 'old');
    writeFileSync(path.join(target, 'Kustomization'), 'old');
    const legacy = /^[^/]+\.k8s\.yaml$|^Kustomization$/;
    const transaction = new OutputTransaction(root);
    writeFileSync(path.join(transaction.stage(target, { legacy }), 'new.k8s.yaml'), 'new');
    transaction.commit();
    expect(readdirSync(target).sort()).toEqual([MANIFEST_FILE, 'new.k8s.yaml']);

    fs.rmSync(path.join(target, MANIFEST_FILE));
    writeFileSync(path.join(target, 'mine.yaml'), 'mine');
    expect(() => new OutputTransaction(root).stage(target, { legacy })).toThrow(/mine\.yaml: not written by synthesis/);
  });

  test('a symlinked output folder stays a link and the output lands in the folder it points to', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    const real = path.join(root, 'elsewhere/dist-real');
    mkdirSync(real, { recursive: true });
    const link = path.join(root, 'dist');
    symlinkSync(real, link, 'dir');
    const transaction = new OutputTransaction(root);
    writeFileSync(path.join(transaction.stage(link), 'a.yaml'), 'a');
    transaction.commit();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(link, 'a.yaml'), 'utf8')).toBe('a');
    expect(readdirSync(path.join(root, 'elsewhere'))).toEqual(['dist-real']);
  });

  test('a symlink to nowhere is refused, saying where it points', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    symlinkSync(path.join(root, 'missing'), path.join(root, 'dist'), 'dir');
    expect(() => new OutputTransaction(root).stage(path.join(root, 'dist'))).toThrow(new RegExp(`a symlink to ${path.join(root, 'missing')}, which does not exist`));
  });

  test('a target that is a file is refused before anything is built', () => {
    const { root, targets } = published();
    fs.rmSync(targets[1], { recursive: true });
    writeFileSync(targets[1], 'a file');
    const transaction = new OutputTransaction(root);
    transaction.stage(targets[0]);
    expect(() => transaction.stage(targets[1])).toThrow(PublishError);
    expect(() => transaction.stage(targets[1])).toThrow(/a file, not a folder/);
    transaction.abort();
    expect(readFileSync(targets[1], 'utf8')).toBe('a file');
    expect(readdirSync(root).sort()).toEqual(['a', 'b']);
  });

  test('a folder that cannot be written is refused by name before anything changes', () => {
    const { root, targets } = published();
    const access = fs.accessSync;
    jest.spyOn(fs, 'accessSync').mockImplementation((p, mode) => {
      if (String(p) === path.join(targets[1], 'stacks/app')) throw Object.assign(new Error('no'), { code: 'EACCES' });
      access(p, mode);
    });
    expect(() => new OutputTransaction(root).stage(targets[1])).toThrow(/b\/stacks\/app: not writable/);
  });

  test('the same folder staged twice is a bug, not a user error', () => {
    const { root, targets } = published();
    const transaction = new OutputTransaction(root);
    transaction.stage(targets[0]);
    const error = thrown(() => transaction.stage(path.join(targets[0], '.')));
    expect(error).not.toBeInstanceOf(PublishError);
    expect(String(error)).toMatch(/staged twice/);
  });
});

test('the manifest lists files sorted, whatever order they were written in', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
  const transaction = new OutputTransaction(root);
  const dir = transaction.stage(path.join(root, 'out'));
  for (const name of ['c', 'B', 'a', 'b/z', 'b/y']) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), name);
  }
  transaction.commit();
  expect(readFileSync(path.join(root, 'out', MANIFEST_FILE), 'utf8')).toBe('B\na\nb/y\nb/z\nc\n');
});

test('files synthesis did not write are named in code-unit order, however the folder lists them', () => {
  const { root, targets } = published(['a']);
  for (const name of ['zeta.yaml', 'Beta.yaml', 'alpha.yaml', 'sub/b', 'sub/a', 'stacks/app/z', '_x']) {
    mkdirSync(path.dirname(path.join(targets[0], name)), { recursive: true });
    writeFileSync(path.join(targets[0], name), 'mine');
  }
  const problems = (thrown(() => new OutputTransaction(root).stage(targets[0])) as PublishError).problems;
  expect(problems.map((p) => p.slice(targets[0].length + 1).split(':')[0])).toEqual(['Beta.yaml', '_x', 'alpha.yaml', 'stacks/app/z', 'sub/a', 'sub/b', 'zeta.yaml']);
});

test('kept entries move into the new output whatever order the folder lists them in', () => {
  const { root, targets } = published();
  for (const stack of ['zz', 'aa', 'mm']) {
    mkdirSync(path.join(targets[1], 'stacks', stack), { recursive: true });
    writeFileSync(path.join(targets[1], 'stacks', stack, 'terraform.tfvars'), stack);
  }
  build(root, targets, 'v2');
  for (const stack of ['aa', 'mm', 'zz']) expect(readFileSync(path.join(targets[1], 'stacks', stack, 'terraform.tfvars'), 'utf8')).toBe(stack);
});

test('without a manifest and without a legacy pattern, every file is one synthesis did not write', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
  mkdirSync(path.join(root, 'out'));
  writeFileSync(path.join(root, 'out/x.k8s.yaml'), 'old');
  const problems = (thrown(() => new OutputTransaction(root).stage(path.join(root, 'out'))) as PublishError).problems;
  expect(problems).toEqual([`${path.join(root, 'out/x.k8s.yaml')}: not written by synthesis; move it out of ${path.join(root, 'out')} (whose contents synthesis replaces) and run again`]);
});

test('twenty files synthesis did not write are all named, with no count after them', () => {
  const { root, targets } = published(['a']);
  for (let i = 10; i < 30; i++) writeFileSync(path.join(targets[0], `f${i}`), 'mine');
  const problems = (thrown(() => new OutputTransaction(root).stage(targets[0])) as PublishError).problems;
  expect(problems).toHaveLength(20);
  expect(problems.every((p) => p.includes(': not written by synthesis;'))).toBe(true);
});

test('a symlink to a symlink to a folder publishes into that folder', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
  mkdirSync(path.join(root, 'real'));
  symlinkSync(path.join(root, 'real'), path.join(root, 'hop'));
  symlinkSync(path.join(root, 'hop'), path.join(root, 'dist'));
  const transaction = new OutputTransaction(root);
  writeFileSync(path.join(transaction.stage(path.join(root, 'dist')), 'x.k8s.yaml'), 'new');
  transaction.commit();
  expect(lstatSync(path.join(root, 'dist')).isSymbolicLink()).toBe(true);
  expect(lstatSync(path.join(root, 'hop')).isSymbolicLink()).toBe(true);
  expect(readFileSync(path.join(root, 'real/x.k8s.yaml'), 'utf8')).toBe('new');
});

test('many files synthesis did not write: the first 20 named, the rest counted', () => {
  const { root, targets } = published(['a']);
  for (let i = 10; i < 35; i++) writeFileSync(path.join(targets[0], `f${i}`), 'mine');
  const problems = (thrown(() => new OutputTransaction(root).stage(targets[0])) as PublishError).problems;
  expect(problems).toHaveLength(21);
  expect(problems[0]).toMatch(/f10: not written by synthesis/);
  expect(problems[19]).toMatch(/f29: not written by synthesis/);
  expect(problems[20]).toMatch(/: and 5 more files not written by synthesis$/);
});

describe('recovery', () => {
  test.each([['{"phase":"swapping"}'], ['{"entries":[]}'], ['{"phase":"done","entries":[]}'], ['not json']])('journal %s is refused', (text) => {
    const { root, targets } = published();
    writeFileSync(path.join(root, JOURNAL_FILE), text);
    expect(() => recover(root, targets)).toThrow(/not a publish journal synthesis wrote/);
  });

  test('a leftover that cannot be removed is reported with what it is, and does not stop later runs', () => {
    const { root, targets } = published();
    const stuck = path.join(root, '.publish-a-new-1-dead');
    mkdirSync(stuck);
    failRemoval((p) => p === stuck, 'EPERM');
    for (let run = 0; run < 2; run++) {
      expect(recover(root, targets)).toEqual([
        `${stuck}: a half-built output of an interrupted run, cannot be removed (operation not permitted (immutable or protected) (EPERM)); nothing needs it: delete it by hand`,
      ]);
      build(root, targets, `v${run + 2}`);
    }
    expect(readdirSync(targets[0])).toContain('v3.yaml');
  });

  test('a previous output that cannot be removed after the swap is reported; the new output is in place', () => {
    const { root, targets } = published();
    failRemoval((p) => p.includes('.publish-a-old-'), 'EACCES');
    const transaction = build(root, targets, 'v2');
    expect(transaction.warnings).toEqual([expect.stringMatching(/\.publish-a-old-.*: the previous output, cannot be removed \(permission denied \(EACCES\)\); nothing needs it: delete it by hand$/)]);
    expect(readdirSync(targets[0])).toContain('v2.yaml');
    expect(existsSync(path.join(root, JOURNAL_FILE))).toBe(false);
  });

  test('an old output parked by a journal-less run that died between its renames comes back', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    mkdirSync(path.join(root, '.publish-dist-old-999999'));
    writeFileSync(path.join(root, '.publish-dist-old-999999/x.k8s.yaml'), 'old');
    mkdirSync(path.join(root, '.publish-dist-new-999999'));
    expect(recover(root, [path.join(root, 'dist')])).toEqual([]);
    expect(readdirSync(root)).toEqual(['dist']);
    expect(readFileSync(path.join(root, 'dist/x.k8s.yaml'), 'utf8')).toBe('old');
  });

  test('a rollback that cannot put a folder back keeps the journal and says what to fix; the next run completes it', () => {
    const { root, targets } = published();
    const before = hashes(targets);
    const transaction = new OutputTransaction(root);
    targets.forEach((target, i) => writeFileSync(path.join(transaction.stage(target, i === 1 ? { keep: KEEP } : {}), 'v2.yaml'), 'v2'));
    // Killed after the journal, parking a and swapping a in (steps 0-2).
    transaction.steps().slice(0, 3).forEach((step) => step.run());
    const rename = fs.renameSync;
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(from).includes('.publish-a-old-')) throw Object.assign(new Error('no'), { code: 'EBUSY' });
      rename(from, to);
    });
    const error = thrown(() => recover(root, targets));
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).problems).toEqual([
      `${path.join(root, JOURNAL_FILE)}: an interrupted publish cannot be undone: busy or a mount point (EBUSY); `
        + 'fix the cause (permissions, mounts) and run again: the journal lists each folder and where its previous content is',
    ]);
    expect(existsSync(path.join(root, JOURNAL_FILE))).toBe(true);
    jest.restoreAllMocks();
    expect(recover(root, targets)).toEqual([]);
    expect(hashes(targets)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['a', 'b']);
  });

  test('a kept file that cannot be carried into the new output stays, with the previous output, named and never swept', () => {
    const { root, targets } = published();
    writeFileSync(path.join(targets[1], 'stacks/app/terraform.tfvars'), 'mine');
    const transaction = build(root, targets, 'v2', (dir, i) => {
      if (i === 1) writeFileSync(path.join(dir, 'stacks/app/terraform.tfvars'), 'synthesized');
    });
    const parked = readdirSync(root).filter((entry) => entry.startsWith('.publish-'));
    expect(parked).toEqual([expect.stringMatching(/^\.publish-b-kept-/)]);
    const old = path.join(root, parked[0]);
    expect(transaction.warnings).toEqual([
      `${path.join(old, 'stacks/app/terraform.tfvars')}: kept from the previous output but not moved into ${targets[1]} (already exists (EEXIST)); move it there by hand`,
    ]);
    expect(readFileSync(path.join(old, 'stacks/app/terraform.tfvars'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(targets[1], 'stacks/app/terraform.tfvars'), 'utf8')).toBe('synthesized');
    expect(readdirSync(targets[1])).toContain('v2.yaml');
    // Later runs leave that folder alone, and say so each time.
    for (let run = 3; run <= 4; run++) {
      expect(recover(root, targets)).toEqual([
        `${old}: holds files kept from an earlier output that could not be moved into ${targets[1]}; move them there by hand, then delete the folder`,
      ]);
      build(root, targets, `v${run}`);
    }
    expect(readFileSync(path.join(old, 'stacks/app/terraform.tfvars'), 'utf8')).toBe('mine');
  });

  test('when the kept folder cannot be set aside, the message names where the file is', () => {
    const { root, targets } = published();
    writeFileSync(path.join(targets[1], 'stacks/app/terraform.tfvars'), 'mine');
    const rename = fs.renameSync;
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to).includes('.publish-b-kept-')) throw Object.assign(new Error('no'), { code: 'EACCES' });
      rename(from, to);
    });
    const transaction = build(root, targets, 'v2', (dir, i) => {
      if (i === 1) writeFileSync(path.join(dir, 'stacks/app/terraform.tfvars'), 'synthesized');
    });
    expect(transaction.warnings).toEqual([expect.stringMatching(/\/\.publish-b-old-[^/]+\/stacks\/app\/terraform\.tfvars: kept from the previous output but not moved into .*\/b \(already exists \(EEXIST\)\); move it there by hand$/)]);
  });

  test('a half-built output that cannot be dropped after a failed build is reported as such', () => {
    const { root, targets } = published();
    const transaction = new OutputTransaction(root);
    const staging = transaction.stage(targets[0]);
    failRemoval((p) => p === staging, 'EBUSY');
    transaction.abort();
    expect(transaction.warnings).toEqual([`${staging}: a half-built output, cannot be removed (busy or a mount point (EBUSY)); nothing needs it: delete it by hand`]);
  });

  test('a parked previous output that cannot be removed is reported as such', () => {
    const { root, targets } = published();
    const parked = path.join(root, '.publish-a-old-1-dead');
    mkdirSync(parked);
    failRemoval((p) => p === parked, 'EBUSY');
    expect(recover(root, targets)).toEqual([
      `${parked}: the previous output of an interrupted run, cannot be removed (busy or a mount point (EBUSY)); nothing needs it: delete it by hand`,
    ]);
  });

  test('a staging folder that cannot be created is refused by name before anything changes', () => {
    const { root, targets } = published();
    const before = hashes(targets);
    jest.spyOn(fs, 'mkdirSync').mockImplementation(() => { throw Object.assign(new Error('no'), { code: 'EROFS' }); });
    const error = thrown(() => new OutputTransaction(root).stage(targets[0]));
    expect((error as PublishError).problems).toEqual([`${targets[0]}: cannot create a staging folder beside it: read-only file system (EROFS)`]);
    jest.restoreAllMocks();
    expect(hashes(targets)).toEqual(before);
  });

  test('a target on another device than its parent (a mount point) is refused before anything is built', () => {
    const { root, targets } = published();
    const stat = fs.statSync;
    jest.spyOn(fs, 'statSync').mockImplementation(((p: string, o?: any) => {
      const real = stat(p, o) as import('node:fs').Stats;
      return String(p) === targets[0] ? Object.assign(Object.create(Object.getPrototypeOf(real)), real, { dev: real.dev + 1 }) : real;
    }) as typeof fs.statSync);
    const error = thrown(() => new OutputTransaction(root).stage(targets[0]));
    expect((error as PublishError).problems).toEqual([
      `${targets[0]}: a mount point; synthesis replaces the folder by renaming, which a mount point does not allow: mount its parent, or symlink ${targets[0]} to a folder there`,
    ]);
  });

  test('targets whose parent folder does not exist yet need no recovery', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    expect(recover(root, [path.join(root, 'not/yet/dist')])).toEqual([]);
  });

  test('problems name a target inside the working directory by its relative path', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    writeFileSync(path.join(root, 'dist'), 'a file');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const error = thrown(() => new OutputTransaction(root).stage('dist'));
      expect((error as PublishError).problems).toEqual(['dist: a file, not a folder; synthesis writes a folder here: move the file away and run again']);
    } finally {
      process.chdir(cwd);
    }
  });

  test('a half-built output left by a journal-less run never becomes the output, even when there is none', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tx-'));
    mkdirSync(path.join(root, '.publish-dist-new-999999'));
    writeFileSync(path.join(root, '.publish-dist-new-999999/x.k8s.yaml'), 'half');
    expect(recover(root, [path.join(root, 'dist')])).toEqual([]);
    expect(readdirSync(root)).toEqual([]);
  });

  test('when the commit point itself cannot be written, the publish is undone and the journal named', () => {
    const { root, targets } = published();
    const before = hashes(targets);
    const rename = fs.renameSync;
    let journalWrites = 0;
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to) === path.join(root, JOURNAL_FILE) && ++journalWrites === 2) throw Object.assign(new Error('no'), { code: 'ENOSPC' });
      rename(from, to);
    });
    const error = thrown(() => build(root, targets, 'v2'));
    expect((error as PublishError).problems).toEqual([
      `${path.join(root, JOURNAL_FILE)}: cannot be published: no space left on the device (ENOSPC); no output folder was changed `
        + '(synthesis replaces each folder by renaming: it must be a writable folder, not a mount point)',
    ]);
    jest.restoreAllMocks();
    expect(hashes(targets)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['a', 'b']);
  });

  test('staging folders are named after their target, and only the parked previous output is named old', () => {
    const { root, targets } = published(['a']);
    const transaction = new OutputTransaction(root);
    const staging = transaction.stage(targets[0]);
    expect(path.basename(staging)).toMatch(new RegExp(`^\\.publish-a-new-${process.pid}-[0-9a-f]{8}$`));
    transaction.steps().slice(0, 2).forEach((step) => step.run());
    expect(readdirSync(root).sort()).toEqual([JOURNAL_FILE, path.basename(staging).replace('-new-', '-old-'), path.basename(staging)].sort());
  });

  test('a journal that synthesis did not write is refused, not guessed at', () => {
    const { root, targets } = published();
    writeFileSync(path.join(root, JOURNAL_FILE), '{"phase":"whatever"}');
    expect(() => recover(root, targets)).toThrow(PublishError);
    expect(() => recover(root, targets)).toThrow(/not a publish journal synthesis wrote/);
  });
});
