import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/** A folder built beside its target, so the final rename stays on one file system. */
export interface Staging {
  readonly dir: string;
  /**
   * Swaps the staged folder into place; the old output is removed only after the swap.
   * Entries of the old output that `keep` selects (paths relative to the target, e.g. what
   * `terraform init` left there) are carried into the new one first: copied when `copy`, else moved.
   */
  publish(keep?: Keep): void;
  /** Drops the staged folder, leaving the target as it was. */
  discard(): void;
}

/** Which entries of the old output survive a publish. */
export interface Keep {
  readonly copy?: RegExp;
  readonly move?: RegExp;
}

const PREFIX = '.publish-';

/**
 * Starts staging output for `target`. Build into `staging.dir`, then `publish()`.
 * A failure or kill before publish leaves `target` byte-identical; leftovers are cleaned next time.
 */
export function stage(target: string): Staging {
  const parent = path.dirname(path.resolve(target));
  const base = path.basename(target);
  mkdirSync(parent, { recursive: true });
  recover(parent, base);
  const dir = path.join(parent, `${PREFIX}${base}-new-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const old = path.join(parent, `${PREFIX}${base}-old-${process.pid}`);
  return {
    dir,
    publish(keep?: Keep) {
      const hadTarget = existsSync(target);
      if (hadTarget && keep) carryOver(target, dir, keep);
      if (hadTarget) renameSync(target, old);
      renameSync(dir, target);
      if (hadTarget) rmSync(old, { recursive: true, force: true });
    },
    discard() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Copies or moves the kept entries of `from` into the same places under `to`, where their folder exists. */
function carryOver(from: string, to: string, keep: Keep, relative = ''): void {
  for (const entry of readdirSync(path.join(from, relative), { withFileTypes: true })) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    const source = path.join(from, rel);
    const destination = path.join(to, rel);
    if (keep.copy?.test(rel) || keep.move?.test(rel)) {
      if (!existsSync(path.dirname(destination)) || existsSync(destination)) continue;
      // A copy survives a kill before the swap; moving is for what can be rebuilt (a provider cache).
      if (keep.copy?.test(rel)) cpSync(source, destination, { recursive: true });
      else renameSync(source, destination);
    } else if (entry.isDirectory()) {
      carryOver(from, to, keep, rel);
    }
  }
}

/** Cleans what an interrupted run left: half-built folders go; an old output whose swap was cut short comes back. */
function recover(parent: string, base: string): void {
  for (const entry of readdirSync(parent).sort()) {
    if (!entry.startsWith(`${PREFIX}${base}-`)) continue;
    const pid = Number(entry.slice(entry.lastIndexOf('-') + 1));
    if (pid !== process.pid && isAlive(pid)) continue; // another synth is running right now
    const leftover = path.join(parent, entry);
    if (entry.startsWith(`${PREFIX}${base}-old-`) && !existsSync(path.join(parent, base))) {
      renameSync(leftover, path.join(parent, base));
    } else {
      rmSync(leftover, { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
