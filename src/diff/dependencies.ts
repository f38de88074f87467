import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { DiffInputError } from './errors';
import { npmCommand } from './npm';

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
 * file (installed once per lock file and Node major version).
 */
export function linkDependencies(root: string, label: string, options: DependencyOptions): void {
  const lock = read(path.join(root, 'package-lock.json'));
  if (!lock) throw new DiffInputError(`${label} has no package-lock.json: its dependencies cannot be installed as pinned`);
  const current = read(path.join(options.repo, 'package-lock.json'));
  const target = current && lock.equals(current) ? path.join(options.repo, 'node_modules') : cachedInstall(root, label, lock, options);
  symlinkSync(target, path.join(root, 'node_modules'), 'dir');
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
  const result = spawnSync(npm, [...npmArgs, 'ci', '--no-audit', '--no-fund'], { cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm ci for ${label}'s package-lock.json failed (exit ${result.status ?? result.signal}); see the npm output above`);
  }
  mkdirSync(options.cacheDir, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  copyFileSync(path.join(dir, 'package-lock.json'), path.join(dir, '.complete'));
  return modules;
}
