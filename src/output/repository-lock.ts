import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { PublishError } from './publish-error';

/** The lock file in the repository root: one synthesis at a time publishes there. */
export const LOCK_FILE = '.synth.lock';

/** Who holds the lock: enough to find the process, or to see that it is gone. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly startedAt: string;
}

export interface LockOptions {
  /** How long to wait for another run before giving up (exit 2); default 60 s. */
  readonly waitMs?: number;
  /** The command line recorded for whoever waits on this lock. */
  readonly command?: string;
}

/**
 * Runs `body` holding the lock in `root`. Another live holder is waited for (bounded), then
 * reported by pid, host, command and start time; a holder that died (same host, no such pid) is
 * taken over. The lock is created atomically with its content (hard link of a written file: the
 * O_EXCL create without a moment where the file exists but is empty).
 */
export function withRepositoryLock<T>(root: string, options: LockOptions, body: () => T): T {
  const release = acquire(path.join(root, LOCK_FILE), options);
  try {
    return body();
  } finally {
    release();
  }
}

function acquire(file: string, options: LockOptions): () => void {
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: options.command ?? process.argv.slice(1).map((a) => path.basename(a)).join(' '),
    startedAt: new Date().toISOString(),
  };
  const content = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    if (create(file, content)) return () => releaseIfOurs(file, content);
    const seen = readOrUndefined(file);
    if (seen === undefined) continue; // released just now: try again
    const holder = parse(seen);
    if (!holder || isStale(holder)) {
      takeOver(file, seen);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new PublishError([
        `${file}: another synthesis is running: pid ${holder.pid} on ${holder.host} (${holder.command}), started ${holder.startedAt}; `
          + 'wait for it to finish and run again, or delete the lock file if that process no longer exists',
      ]);
    }
    sleep(50);
  }
}

function create(file: string, content: string): boolean {
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(draft, content);
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new PublishError([`${file}: cannot create the lock file: ${(error as Error).message}`]);
  } finally {
    unlinkSync(draft);
  }
}

/** Removes a dead holder's lock, unless someone replaced it meanwhile (then that one is put back). */
function takeOver(file: string, seen: string): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // gone already: another waiter took it over
  }
  if (readOrUndefined(aside) !== seen) {
    try {
      linkSync(aside, file);
    } catch {
      // a newer lock exists: it wins
    }
  }
  unlinkSync(aside);
}

function releaseIfOurs(file: string, content: string): void {
  if (readOrUndefined(file) === content) unlinkSync(file);
}

function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false; // cannot tell: a run on another machine is assumed alive
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function parse(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as LockHolder;
    return Number.isInteger(value.pid) && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
