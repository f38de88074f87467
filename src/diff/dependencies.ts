import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { DiffInputError } from './errors';
import { npmCommand } from './npm';
import { isRecord } from './tree';

export interface DependencyOptions {
  /** The checkout whose node_modules is reused when the lock files match. */
  readonly repo: string;
  /** Where other lock files' dependencies are installed, one folder per lock file. */
  readonly cacheDir: string;
  /** Progress for the user (stderr). */
  readonly log: (line: string) => void;
}

const read = (file: string) => (existsSync(file) ? readFileSync(file) : undefined);

/**
 * Gives a checked-out revision the dependencies its own lock file pins: a link to the current
 * node_modules when package-lock.json is the same, else a link to a cached `npm ci` of that lock
 * file (installed once per lock file and Node major version). Returns the node_modules linked to.
 */
export function linkDependencies(root: string, label: string, options: DependencyOptions): string {
  const lock = read(path.join(root, 'package-lock.json'));
  if (!lock) throw new DiffInputError(`${label} has no package-lock.json: its dependencies cannot be installed as pinned`);
  checkManifests(root, label, lock);
  const current = read(path.join(options.repo, 'package-lock.json'));
  const target = current && lock.equals(current) ? path.join(options.repo, 'node_modules') : cachedInstall(root, label, lock, options);
  symlinkSync(target, path.join(root, 'node_modules'), 'dir');
  return target;
}

function cachedInstall(root: string, label: string, lock: Buffer, options: DependencyOptions): string {
  const key = `${createHash('sha256').update(lock).digest('hex').slice(0, 16)}-node${process.versions.node.split('.')[0]}`;
  const dir = path.join(options.cacheDir, key);
  const modules = path.join(dir, 'node_modules');
  if (existsSync(path.join(dir, '.complete'))) {
    options.log(`${label}: package-lock.json differs from the working tree's; using its dependencies cached in ${dir}`);
    return modules;
  }
  options.log(`${label}: package-lock.json differs from the working tree's; installing its dependencies (npm ci) into ${dir}, once per lock file`);
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(path.join(root, 'package.json'), path.join(staging, 'package.json'));
  copyFileSync(path.join(root, 'package-lock.json'), path.join(staging, 'package-lock.json'));
  const [npm, npmArgs] = npmCommand();
  // `npm run -s diff` passes npm_config_loglevel=silent down: npm ci would fail without saying why.
  const env = { ...process.env, npm_config_loglevel: 'error' };
  const result = spawnSync(npm, [...npmArgs, 'ci', '--no-audit', '--no-fund'], { cwd: staging, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new DiffInputError(`${label}: npm ci of its package-lock.json failed (${result.error ? result.error.message : `exit ${result.status ?? result.signal}`}); npm's explanation is above`);
  }
  mkdirSync(options.cacheDir, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  copyFileSync(path.join(dir, 'package-lock.json'), path.join(dir, '.complete'));
  return modules;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

function parseJson(text: Buffer, label: string, file: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text.toString('utf8')) as unknown;
    if (isRecord(value)) return value;
    throw new Error('not a JSON object');
  } catch (error) {
    throw new DiffInputError(`${label}: ${file} is not valid JSON (${(error as Error).message.split('\n')[0]}); fix it in that revision`);
  }
}

/**
 * A revision's package.json must parse, and its lock file must pin what package.json asks for (the
 * lock's root entry records package.json's dependency ranges): else `npm ci` refuses, or worse, the
 * working tree's node_modules would be used for dependencies the revision does not pin.
 */
function checkManifests(root: string, label: string, lock: Buffer): void {
  const manifest = parseJson(read(path.join(root, 'package.json')) ?? Buffer.from('null'), label, 'package.json');
  const locked = parseJson(lock, label, 'package-lock.json');
  const packages = locked.packages as Record<string, Record<string, unknown>> | undefined;
  const rootEntry = packages?.[''];
  if (!rootEntry) throw new DiffInputError(`${label}: package-lock.json has no root package entry (lockfileVersion 2 or 3 needed); run npm install and commit it`);
  for (const field of DEPENDENCY_FIELDS) {
    const wanted = (manifest[field] ?? {}) as Record<string, unknown>;
    const pinned = (rootEntry[field] ?? {}) as Record<string, unknown>;
    for (const name of [...new Set([...Object.keys(wanted), ...Object.keys(pinned)])].sort()) {
      if (wanted[name] === pinned[name]) continue;
      const say = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
      throw new DiffInputError(`${label}: package-lock.json is out of sync with package.json (${field} ${name}: package.json ${say(wanted[name])}, lock ${say(pinned[name])}); run npm install and commit both`);
    }
  }
}
