import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { PublishError } from '../../src/output/publish-error';
import { LOCK_FILE, withRepositoryLock } from '../../src/output/repository-lock';

// The module object itself (not an import namespace copy), so spies reach the code under test.
const fs: typeof import('node:fs') = require('node:fs');

afterEach(() => jest.restoreAllMocks());

const root = () => mkdtempSync(path.join(tmpdir(), 'lock-'));
const holder = (pid: number, host = hostname()) => `${JSON.stringify({ pid, host, command: 'synth.ts --only=k8s', startedAt: '2026-01-01T00:00:00.000Z' })}\n`;

/** A pid that is certainly not running: a child that has exited and been reaped (spawnSync waits for both). */
let reaped: number | undefined;
function deadPid(): number {
  reaped ??= spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' }).pid!;
  return reaped;
}

describe('one synthesis at a time', () => {
  test('the lock holds pid, host, command and start time while the body runs, and is gone after', () => {
    const dir = root();
    const seen = withRepositoryLock(dir, 60_000, () => JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')));
    expect(seen).toEqual({ pid: process.pid, host: hostname(), command: expect.any(String), startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the lock is released when the body fails', () => {
    const dir = root();
    expect(() => withRepositoryLock(dir, 60_000, () => { throw new Error('boom'); })).toThrow('boom');
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  test('a live holder is waited for, then named: pid, host, command, start time; its lock stays', () => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), holder(process.ppid));
    const started = Date.now();
    let ran = false;
    const error = (() => {
      try {
        withRepositoryLock(dir, 300, () => { ran = true; });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).problems).toEqual([
      `${path.join(dir, LOCK_FILE)}: another synthesis is running: pid ${process.ppid} on ${hostname()} (synth.ts --only=k8s), started 2026-01-01T00:00:00.000Z; `
        + 'wait for it to finish and run again, or delete the lock file if that process no longer exists',
    ]);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(holder(process.ppid));
  });

  test('a holder that releases while we wait lets us in', () => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), holder(process.ppid));
    // The holder (another process) releases while this one sleeps between tries. In-process: a child
    // doing it on a timer is a guess at how fast it starts, and one left running keeps the worker alive.
    const sleep = jest.spyOn(Atomics, 'wait').mockImplementationOnce(() => {
      fs.unlinkSync(path.join(dir, LOCK_FILE));
      return 'timed-out';
    });
    expect(withRepositoryLock(dir, 600_000, () => 'ran')).toBe('ran');
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a lock left by a process that died is taken over', () => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), holder(deadPid()));
    expect(withRepositoryLock(dir, 0, () => 'ran')).toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('an unreadable lock file is taken over', () => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), 'garbage');
    expect(withRepositoryLock(dir, 0, () => 'ran')).toBe('ran');
  });

  test('a holder on another machine (shared folder) is never assumed dead', () => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), holder(deadPid(), 'another-host'));
    expect(() => withRepositoryLock(dir, 0, () => 'ran')).toThrow(/pid \d+ on another-host/);
  });

  test('without a command given, the lock records the program and its arguments by file name', () => {
    const dir = root();
    const seen = withRepositoryLock(dir, 60_000, () => JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')));
    expect(seen.command).toBe(process.argv.slice(1).map((a) => path.basename(a)).join(' '));
    expect(seen.command).not.toContain('/');
  });

  test('only a dead run\'s own drafts are removed: names that merely look like one are the user\'s', () => {
    const dir = root();
    const dead = deadPid();
    const mine = [`notes.synth.lock.${dead}.draft`, `.synth.lock.${dead}.draft.bak`, `.synth.lock.${dead}.draft~`, '.synth.lock.old'];
    for (const name of [...mine, `.synth.lock.${dead}.draft`, `.synth.lock.stale.${dead}`]) writeFileSync(path.join(dir, name), 'x');
    expect(withRepositoryLock(dir, 0, () => 'ran')).toBe('ran');
    expect(readdirSync(dir).sort()).toEqual([...mine].sort());
  });

  test('a lock someone deleted while the body ran is not an error; nothing is left', () => {
    const dir = root();
    expect(withRepositoryLock(dir, 0, () => { fs.rmSync(path.join(dir, LOCK_FILE)); return 'ran'; })).toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a lock naming this very process is not taken over as dead', () => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), holder(process.pid));
    expect(() => withRepositoryLock(dir, 0, () => 'ran')).toThrow(`pid ${process.pid} on ${hostname()}`);
  });

  test.each([
    ['a pid that is not a number', JSON.stringify({ pid: '1', host: hostname() })],
    ['no host', JSON.stringify({ pid: 1 })],
    ['not an object', 'null'],
  ])('a lock file with %s is not a holder: it is taken over', (_, content) => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), content);
    expect(withRepositoryLock(dir, 0, () => 'ran')).toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });


  test('a lock file that cannot be created is a file-system error naming it (the CLI prints it as one line), and leaves no draft', () => {
    const dir = root();
    jest.spyOn(fs, 'linkSync').mockImplementation(() => { throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM', syscall: 'link', path: path.join(dir, LOCK_FILE) }); });
    expect(() => withRepositoryLock(dir, 60_000, () => 'ran')).toThrow(expect.objectContaining({ code: 'EPERM', path: path.join(dir, LOCK_FILE) }));
    jest.restoreAllMocks();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a dead holder\'s lock that another waiter takes over first is simply tried again', () => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), holder(deadPid()));
    const rename = fs.renameSync;
    jest.spyOn(fs, 'renameSync').mockImplementationOnce((from) => {
      // The other waiter moved the stale lock away (and released) between our read and our rename.
      fs.unlinkSync(from);
      throw Object.assign(new Error('gone'), { code: 'ENOENT' });
    }).mockImplementation(rename);
    expect(withRepositoryLock(dir, 0, () => 'ran')).toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a lock that a live run took between our read and our takeover is put back, and waited for', () => {
    const dir = root();
    const file = path.join(dir, LOCK_FILE);
    writeFileSync(file, holder(deadPid()));
    const rename = fs.renameSync;
    jest.spyOn(fs, 'renameSync').mockImplementationOnce((from, to) => {
      // A live run replaced the stale lock just before our rename.
      writeFileSync(from, holder(process.ppid));
      rename(from, to);
    }).mockImplementation(rename);
    expect(() => withRepositoryLock(dir, 0, () => 'ran')).toThrow(`pid ${process.ppid} on ${hostname()}`);
    expect(readFileSync(file, 'utf8')).toBe(holder(process.ppid));
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  test('a holder this user may not signal (another user\'s process) is alive, not dead', () => {
    const dir = root();
    writeFileSync(path.join(dir, LOCK_FILE), holder(4242));
    jest.spyOn(process, 'kill').mockImplementation(() => { throw Object.assign(new Error('EPERM'), { code: 'EPERM' }); });
    expect(() => withRepositoryLock(dir, 0, () => 'ran')).toThrow('pid 4242');
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(holder(4242));
  });

  test('a lock that is not ours is not removed when we finish', () => {
    const dir = root();
    withRepositoryLock(dir, 60_000, () => writeFileSync(path.join(dir, LOCK_FILE), holder(1)));
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(holder(1));
  });
});

describe('a lock path that is not a lock file: one line at once, whatever the wait', () => {
  test.each([
    ['a folder', (file: string) => fs.mkdirSync(file), 'a folder, not a regular file'],
    ['a symlink to nowhere', (file: string) => fs.symlinkSync(`${file}-gone`, file), 'a symlink'],
    ['a symlink to a file', (file: string) => { writeFileSync(`${file}-target`, holder(1)); fs.symlinkSync(`${file}-target`, file); }, 'a symlink'],
    ['a FIFO', (file: string) => spawnSync('mkfifo', [file]), 'a FIFO, not a regular file'],
    ['huge', (file: string) => writeFileSync(file, 'x'.repeat(5000)), '5000 bytes, more than the 4096 allowed'],
  ])('%s', (_, make, problem) => {
    const dir = root();
    make(path.join(dir, LOCK_FILE));
    expect(() => withRepositoryLock(dir, 600_000, () => 'ran')).toThrow(new PublishError([
      `${path.join(dir, LOCK_FILE)}: cannot be used as the lock (${problem}); the lock is a small file synthesis writes: remove this and run again`,
    ]));
  });
});

describe('drafts a killed run left', () => {
  test('drafts and set-aside locks of dead processes (this and the older naming) are removed; a live one\'s stay', () => {
    const dir = root();
    const dead = deadPid();
    const leftovers = [`${LOCK_FILE}.${dead}.draft`, `${LOCK_FILE}.${dead}.stale`, `${LOCK_FILE}.${dead}.k3j4h5`, `${LOCK_FILE}.stale.${dead}`];
    for (const name of [...leftovers, `${LOCK_FILE}.${process.ppid}.draft`, 'user-file']) writeFileSync(path.join(dir, name), 'x');
    expect(withRepositoryLock(dir, 0, () => 'ran')).toBe('ran');
    expect(readdirSync(dir).sort()).toEqual([`${LOCK_FILE}.${process.ppid}.draft`, 'user-file']);
  });
});
