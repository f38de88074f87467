import { accessSync, constants, existsSync, readdirSync, readFileSync, writeFileSync, type Dirent } from 'node:fs';
import * as path from 'node:path';

/**
 * The record, inside each output folder, of the files synthesis wrote there. It lives in the folder
 * so it is swapped in together with the files it lists (never out of date) and travels with the
 * folder. No extension: `kubectl apply -f dist/` reads only .yaml, .yml and .json files.
 */
export const MANIFEST_FILE = '.synth-manifest';

/** What may be found in an output folder besides the files synthesis wrote there. */
export interface OutputPolicy {
  /**
   * Entries (paths relative to the folder) that tools or people put there and every synthesis
   * carries into the new output, e.g. what `terraform init` leaves in a stack folder. Anything
   * else synthesis did not write is refused, never deleted.
   */
  readonly keep?: RegExp;
  /** Files an older synthesis wrote before the manifest existed (read only when there is none). */
  readonly legacy?: RegExp;
}

/** The entries of a folder in code-unit order (the same in every locale), with their types. */
function sortedEntries(dir: string): Dirent[] {
  const entries = new Map(readdirSync(dir, { withFileTypes: true }).map((entry) => [entry.name, entry]));
  return [...entries.keys()].sort().map((name) => entries.get(name) as Dirent);
}

/** Every file (and symlink) under `dir`, relative, sorted; folders are walked, not listed. */
function listFiles(dir: string, relative = ''): string[] {
  return sortedEntries(path.join(dir, relative)).flatMap((entry) => {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

/** Records what `dir` holds now as written by synthesis. Deterministic: sorted paths, one a line. */
export function writeManifest(dir: string): void {
  // Written once, into a staging folder that has no manifest yet.
  writeFileSync(path.join(dir, MANIFEST_FILE), `${listFiles(dir).join('\n')}\n`);
}

function readManifest(dir: string): Set<string> | undefined {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  return new Set(readFileSync(file, 'utf8').split('\n'));
}

/** Entries of an existing output folder, sorted into what synthesis owns, keeps, and must not touch. */
export interface Inventory {
  /** Paths the policy keeps (carried into the new output). */
  readonly kept: string[];
  /** Files synthesis did not write and does not keep: publishing would lose them. */
  readonly foreign: string[];
  /** Folders the publish would have to empty but cannot write to. */
  readonly unwritable: string[];
}

export function inventory(dir: string, policy: OutputPolicy): Inventory {
  const owned = readManifest(dir);
  const result: Inventory = { kept: [], foreign: [], unwritable: [] };
  const walk = (relative: string) => {
    const full = path.join(dir, relative);
    try {
      accessSync(full, constants.W_OK);
    } catch {
      result.unwritable.push(relative || '.');
    }
    for (const entry of sortedEntries(full)) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (policy.keep?.test(rel)) result.kept.push(rel);
      else if (entry.isDirectory()) walk(rel);
      else if (!(rel === MANIFEST_FILE || (owned ? owned.has(rel) : policy.legacy?.test(rel)))) result.foreign.push(rel);
    }
  };
  walk('');
  return result;
}
