import { randomBytes } from 'node:crypto';
import {
  closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync,
  realpathSync, renameSync, rmSync, statSync, writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { inventory, writeManifest, type OutputPolicy } from './ownership';
import { PublishError, reason } from './publish-error';

/**
 * The record of a publish in progress, in the repository root. Written atomically before the first
 * folder is swapped and again once all are: a run killed before "committed" is rolled back by the
 * next run, one killed after it is rolled forward. Either every output folder changes or none does.
 */
export const JOURNAL_FILE = '.synth-journal.json';

/** Staging and parked folders sit beside their target (same file system, so renames are atomic). */
const PREFIX = '.publish-';

interface JournalEntry {
  /** The real folder (symlinks resolved) that receives the output. */
  readonly target: string;
  readonly staging: string;
  /** Where the previous output is parked during the swap. */
  readonly old: string;
  /** Whether the target existed: rolling back a first publish removes it again. */
  readonly existed: boolean;
  /** OutputPolicy.keep (source and flags): the entries rolling forward carries into the new output. */
  readonly keep?: readonly [string, string];
}

interface Journal {
  readonly phase: 'swapping' | 'committed';
  readonly entries: readonly JournalEntry[];
}

interface Staged {
  readonly display: string;
  readonly target: string;
  readonly staging: string;
  readonly old: string;
  readonly policy: OutputPolicy;
}

/**
 * One step of a commit. 'swap' steps lead up to the commit point (the journal saying "committed"):
 * a failure in one undoes them all, and so does the next run after a kill. 'finish' steps come after
 * it: the next run completes them.
 */
export interface CommitStep {
  readonly phase: 'swap' | 'finish';
  /** What the step changes, as the user knows it: named when the step fails. */
  readonly subject: string;
  run(): void;
}

/**
 * Publishes any number of output folders as one unit. `stage()` each target and build into the
 * folder it returns; `commit()` swaps them all in, or `abort()` drops them. The caller holds the
 * repository lock, and calls `recover()` first.
 */
export class OutputTransaction {
  private readonly staged: Staged[] = [];
  /** Problems that did not stop the publish but need a person (a leftover that cannot be removed). */
  readonly warnings: string[] = [];

  constructor(private readonly root: string) {}

  /** Checks that `target` can be published, then returns an empty staging folder beside it. */
  stage(target: string, policy: OutputPolicy = {}): string {
    const display = shown(target);
    const real = resolveTarget(target, display);
    if (this.staged.some((s) => s.target === real)) throw new Error(`${display} is staged twice in one transaction`);
    checkPublishable(real, policy, display);
    const parent = path.dirname(real);
    const id = `${path.basename(real)}-%s-${process.pid}-${randomBytes(4).toString('hex')}`;
    const staging = path.join(parent, PREFIX + id.replace('%s', 'new'));
    try {
      mkdirSync(parent, { recursive: true });
      mkdirSync(staging);
    } catch (error) {
      throw new PublishError([`${display}: cannot create a staging folder beside it: ${reason(error)}`]);
    }
    this.staged.push({ display, target: real, staging, old: path.join(parent, PREFIX + id.replace('%s', 'old')), policy });
    return staging;
  }

  /** Drops every staging folder; the targets were never touched. */
  abort(): void {
    for (const { staging } of this.staged) removeOrWarn(staging, 'a half-built output', this.warnings);
  }

  /** Swaps every staged folder in, or (on failure) none: the targets are then as they were. */
  commit(): void {
    try {
      for (const s of this.staged) {
        writeManifest(s.staging);
        checkPublishable(s.target, s.policy, s.display); // again: the folders may have changed while building
      }
    } catch (error) {
      this.abort();
      throw error;
    }
    const { swapping, steps } = this.plan();
    for (const step of steps) {
      if (step.phase === 'finish') {
        step.run();
        continue;
      }
      try {
        step.run();
      } catch (error) {
        rollBack(swapping, this.root);
        throw new PublishError([
          `${step.subject}: cannot be published: ${reason(error)}; no output folder was changed `
            + '(synthesis replaces each folder by renaming: it must be a writable folder, not a mount point)',
        ]);
      }
    }
  }

  /**
   * The commit, step by step: journal "swapping", park and swap each folder, journal "committed"
   * (the commit point), finish each folder (carry kept entries, remove the old output), drop the journal.
   */
  steps(): CommitStep[] {
    return this.plan().steps;
  }

  private plan(): { swapping: Journal; steps: CommitStep[] } {
    const swapping = this.journal('swapping');
    const committed = { ...swapping, phase: 'committed' } as const;
    const journalFile = path.join(this.root, JOURNAL_FILE);
    const journal = shown(journalFile);
    const steps: CommitStep[] = [
      { phase: 'swap', subject: journal, run: () => writeDurably(journalFile, JSON.stringify(swapping, null, 2)) },
      ...swapping.entries.flatMap((e, i): CommitStep[] => [
        { phase: 'swap', subject: this.staged[i].display, run: () => { if (e.existed) renameSync(e.target, e.old); } },
        { phase: 'swap', subject: this.staged[i].display, run: () => renameSync(e.staging, e.target) },
      ]),
      { phase: 'swap', subject: journal, run: () => writeDurably(journalFile, JSON.stringify(committed, null, 2)) },
      ...committed.entries.map((e, i): CommitStep => ({ phase: 'finish', subject: this.staged[i].display, run: () => this.warnings.push(...finish(e)) })),
      { phase: 'finish', subject: journal, run: () => rmSync(journalFile) },
    ];
    return { swapping, steps };
  }

  private journal(phase: Journal['phase']): Journal {
    return {
      phase,
      entries: this.staged.map((s) => ({
        target: s.target,
        staging: s.staging,
        old: s.old,
        existed: existsSync(s.target),
        ...(s.policy.keep ? { keep: [s.policy.keep.source, s.policy.keep.flags] as const } : {}),
      })),
    };
  }
}

/**
 * Completes or undoes what an interrupted run left, before anything else happens: the journal is
 * rolled back or forward, then leftovers beside `targets` are removed (a leftover that cannot be
 * removed is reported, with what it is, and does not stop the run). Returns those reports.
 */
export function recover(root: string, targets: readonly string[]): string[] {
  const warnings: string[] = [];
  const journalFile = path.join(root, JOURNAL_FILE);
  const journal = readJournal(journalFile);
  if (journal?.phase === 'swapping') {
    rollBack(journal, root);
  } else if (journal?.phase === 'committed') {
    for (const entry of journal.entries) warnings.push(...finish(entry));
    rmSync(journalFile);
  }
  for (const target of targets) sweep(resolveTarget(target, shown(target)), warnings);
  return warnings;
}

/** Puts every target back as it was before the swap and drops the staging folders and the journal. */
function rollBack(journal: Journal, root: string): void {
  try {
    for (const e of journal.entries) {
      if (existsSync(e.old)) {
        if (existsSync(e.target)) renameSync(e.target, e.staging);
        renameSync(e.old, e.target);
      } else if (!e.existed && !existsSync(e.staging) && existsSync(e.target)) {
        renameSync(e.target, e.staging);
      }
    }
  } catch (error) {
    // The journal stays: the next run tries again.
    throw new PublishError([
      `${path.join(root, JOURNAL_FILE)}: an interrupted publish cannot be undone: ${reason(error)}; `
        + 'fix the cause (permissions, mounts) and run again: the journal lists each folder and where its previous content is',
    ]);
  }
  for (const e of journal.entries) rmSync(e.staging, { recursive: true, force: true });
  rmSync(path.join(root, JOURNAL_FILE), { force: true });
}

/**
 * After a committed swap: carries the kept entries from the old output into the new, then removes
 * the old. An entry that cannot be carried stays, with the rest of the old output, in a `kept-`
 * folder that no later run removes.
 */
function finish(e: JournalEntry): string[] {
  if (!existsSync(e.old)) return [];
  const stuck: [string, string][] = [];
  const keep = e.keep ? new RegExp(e.keep[0], e.keep[1]) : undefined;
  for (const rel of keep ? inventory(e.old, { keep }).kept : []) {
    const destination = path.join(e.target, rel);
    try {
      if (existsSync(destination)) throw Object.assign(new Error(), { code: 'EEXIST' }); // said by reason()
      mkdirSync(path.dirname(destination), { recursive: true });
      renameSync(path.join(e.old, rel), destination);
    } catch (error) {
      stuck.push([rel, reason(error)]);
    }
  }
  const warnings: string[] = [];
  if (stuck.length === 0) {
    removeOrWarn(e.old, 'the previous output', warnings);
    return warnings;
  }
  let folder = keptFolder(e.old);
  try {
    renameSync(e.old, folder);
  } catch {
    folder = e.old; // stays parked; the message names where
  }
  return stuck.map(([rel, why]) => `${path.join(folder, rel)}: kept from the previous output but not moved into ${e.target} (${why}); move it there by hand`);
}

/** Where a parked output with entries that could not be carried over stays: `.publish-<name>-kept-<id>`. */
function keptFolder(old: string): string {
  return path.join(path.dirname(old), path.basename(old).replace(/-old-/, '-kept-'));
}

/** Removes leftovers beside `target` from runs that ended without a journal (or before journals existed). */
function sweep(target: string, warnings: string[]): void {
  const parent = path.dirname(target);
  const prefix = `${PREFIX}${path.basename(target)}-`;
  let entries: string[];
  try {
    entries = readdirSync(parent).filter((entry) => entry.startsWith(prefix)).sort();
  } catch {
    return;
  }
  for (const entry of entries) {
    const leftover = path.join(parent, entry);
    if (entry.startsWith(`${prefix}kept-`)) {
      warnings.push(`${leftover}: holds files kept from an earlier output that could not be moved into ${target}; move them there by hand, then delete the folder`);
      continue;
    }
    const parked = entry.startsWith(`${prefix}old-`);
    // A run of the older, journal-less publish killed between its two renames: its old output comes back.
    if (parked && !existsSync(target)) renameSync(leftover, target);
    else removeOrWarn(leftover, parked ? 'the previous output of an interrupted run' : 'a half-built output of an interrupted run', warnings);
  }
}

function removeOrWarn(dir: string, what: string, warnings: string[]): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    warnings.push(`${dir}: ${what}, cannot be removed (${reason(error)}); nothing needs it: delete it by hand`);
  }
}

/** Where the output really goes: a symlinked folder is published into the folder it points at. */
function resolveTarget(target: string, display: string): string {
  const absolute = path.resolve(target);
  let stat;
  try {
    stat = lstatSync(absolute);
  } catch {
    return absolute; // created by the first publish
  }
  if (stat.isSymbolicLink()) {
    try {
      return realpathSync(absolute); // every link on the way resolved
    } catch {
      throw new PublishError([`${display}: a symlink to ${readlinkSync(absolute)}, which does not exist; create that folder or remove the link`]);
    }
  }
  return path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
}

/** Refuses, before anything changes, a target that is not a plain writable folder or holds files synthesis did not write. */
function checkPublishable(target: string, policy: OutputPolicy, display: string): void {
  if (!existsSync(target)) return;
  const stat = statSync(target);
  if (!stat.isDirectory()) {
    throw new PublishError([`${display}: a file, not a folder; synthesis writes a folder here: move the file away and run again`]);
  }
  if (stat.dev !== statSync(path.dirname(target)).dev) {
    throw new PublishError([`${display}: a mount point; synthesis replaces the folder by renaming, which a mount point does not allow: mount its parent, or symlink ${display} to a folder there`]);
  }
  const { foreign, unwritable } = inventory(target, policy);
  const problems = [
    ...unwritable.map((rel) => `${path.join(display, rel)}: not writable; synthesis replaces this folder's contents: make it writable and run again`),
    ...foreign.slice(0, 20).map((rel) => `${path.join(display, rel)}: not written by synthesis; move it out of ${display} (whose contents synthesis replaces) and run again`),
    ...(foreign.length > 20 ? [`${display}: and ${foreign.length - 20} more files not written by synthesis`] : []),
  ];
  if (problems.length > 0) throw new PublishError(problems);
}

function readJournal(file: string): Journal | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const journal = JSON.parse(text) as Journal;
    if ((journal.phase === 'swapping' || journal.phase === 'committed') && Array.isArray(journal.entries)) return journal;
  } catch {
    // reported below
  }
  throw new PublishError([`${file}: not a publish journal synthesis wrote; check the output folders, then delete it and run again`]);
}

/** Write, flush, rename, flush the folder: after a crash the file is either the old one or the whole new one. */
function writeDurably(file: string, text: string): void {
  const draft = `${file}.${process.pid}.tmp`;
  const fd = openSync(draft, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(draft, file);
  } catch (error) {
    rmSync(draft, { force: true });
    throw error;
  }
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** A path as the user would write it: relative to the working directory when inside it. */
function shown(target: string): string {
  const relative = path.relative(process.cwd(), path.resolve(target));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(target);
}
