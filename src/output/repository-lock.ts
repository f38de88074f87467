import { linkSync, lstatSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { readInputFile, whyUnreadable } from '../cli/input-file';
import { PublishError, shown } from './publish-error';

/** The lock file in the repository root: one synthesis at a time publishes there. */
export const LOCK_FILE = '.synth.lock';
/** Drafts and set-aside locks: `.synth.lock.<pid>.draft`, `.synth.lock.<pid>.stale` (older runs: `.synth.lock.<pid>.<random>`, `.synth.lock.stale.<pid>`). */
const SCRATCH = /^\.synth\.lock\.(?:stale\.)?(\d+)(?:\.\w+)?$/;

interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly startedAt: string;
}

/**
 * Runs `body` holding the lock in `root`: a live holder is waited for until `waitMs` has passed, then
 * named (exit 2); one that died on this host is taken over. Not proper-lockfile: it tells a dead
 * holder by an mtime refreshed on a timer, which cannot fire while synthesis blocks the event loop,
 * so a waiter would take a live lock. The lock appears with its content (a hard link of a draft);
 * drafts carry their writer's pid and are removed once it is dead.
 */
export function withRepositoryLock<T>(root: string, waitMs: number, body: () => T): T {
  const file = path.join(root, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), command: process.argv.slice(1).map((a) => path.basename(a)).join(' '), startedAt: new Date().toISOString() };
  const content = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + waitMs;
  for (const entry of readdirSync(root).filter((e) => SCRATCH.test(e) && !alive(Number(SCRATCH.exec(e)?.[1])))) rmSync(path.join(root, entry), { force: true });
  while (!create(file, content)) {
    const seen = read(file);
    const holder = seen === undefined ? undefined : parse(seen);
    if (seen !== undefined && (!holder || (holder.host === me.host && !alive(holder.pid)))) {
      takeOver(file, seen);
    } else if (holder) {
      if (Date.now() >= deadline) {
        throw new PublishError([`${shown(file)}: another synthesis is running: pid ${holder.pid} on ${holder.host} (${holder.command}), started ${holder.startedAt}; wait for it to finish and run again, or delete the lock file if that process no longer exists`]);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    return body();
  } finally {
    if (read(file) === content) rmSync(file);
  }
}

function create(file: string, content: string): boolean {
  const draft = `${file}.${process.pid}.draft`;
  writeFileSync(draft, content);
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Removes a dead holder's lock, unless someone replaced it meanwhile (then that one is put back). */
function takeOver(file: string, seen: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another waiter took it over
    throw error;
  }
  try {
    if (read(aside) !== seen) linkSync(aside, file);
  } catch {
    // a newer lock exists: it wins
  }
  rmSync(aside, { force: true });
}

/** The lock's text; undefined when there is none. Anything but a small regular file is refused at once. */
function read(file: string): string | undefined {
  let problem = 'a symlink';
  try {
    if (!lstatSync(file).isSymbolicLink()) return readInputFile(file, 4096);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    problem = whyUnreadable(error);
  }
  throw new PublishError([`${shown(file)}: cannot be used as the lock (${problem}); the lock is a small file synthesis writes: remove this and run again`]);
}

function parse(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as LockHolder;
    return Number.isInteger(value.pid) && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
