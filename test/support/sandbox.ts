import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/config/repo-root';

/** Files a synthesis needs; the copy runs the real entry points without touching this checkout. */
export const SYNTHESIS_INPUTS = ['src', 'imports', 'config', 'crds/index.json', 'package.json', 'tsconfig.json', 'cdk8s.yaml', 'cdktf.json'];

/** How a CLI run ended. */
export type Run = Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr'>;

const FIRST_RUN = 'first-synth.json';

/**
 * The test run's one synthesized copy of the repository: inputs copied, node_modules linked, then
 * `npm run synth` once (which also builds the bundled entry points, .build/). Made by the first
 * suite that needs it, in the run's temporary folder (test/support/jest/temp-dir-setup.js), and
 * copied by every suite that runs the CLIs, so none pays for building or synthesizing it again. A
 * worker that finds another one making it waits for it (or makes it, if that worker died).
 */
function fixture(): { dir: string; first: Run } {
  const dir = path.join(tmpdir(), 'edge-synthesized-repo');
  const maker = `${dir}.maker`;
  while (!existsSync(path.join(dir, FIRST_RUN))) {
    try {
      writeFileSync(maker, String(process.pid), { flag: 'wx' });
    } catch {
      let pid: number;
      try {
        pid = Number(readFileSync(maker, 'utf8'));
      } catch {
        continue; // it has just finished
      }
      if (!alive(pid)) rmSync(maker, { force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    try {
      make(dir);
    } finally {
      rmSync(maker);
    }
  }
  return { dir, first: JSON.parse(readFileSync(path.join(dir, FIRST_RUN), 'utf8')) as Run };
}

function make(dir: string): void {
  const staging = mkdtempSync(path.join(tmpdir(), 'edge-synthesized-repo-'));
  for (const entry of [...SYNTHESIS_INPUTS, '.build']) {
    if (existsSync(path.join(REPO_ROOT, entry))) cpSync(path.join(REPO_ROOT, entry), path.join(staging, entry), { recursive: true });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
  const { status, stdout, stderr } = runSynth(staging);
  writeFileSync(path.join(staging, FIRST_RUN), JSON.stringify({ status, stdout, stderr }));
  renameSync(staging, dir);
}

/** Whether a process exists; a pid not yet written (0, NaN) counts as alive. */
function alive(pid: number): boolean {
  if (!(pid > 0)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function copyOf(dir: string, keep: (relative: string) => boolean): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'edge-repo-'));
  cpSync(dir, copy, { recursive: true, filter: (source) => source === dir || keep(path.relative(dir, source)) });
  return copy;
}

/** A throwaway copy of the repository (node_modules linked, entry points bundled), not synthesized yet. */
export function sandbox(): string {
  const top = new Set([...SYNTHESIS_INPUTS.map((entry) => entry.split('/')[0]), '.build', 'node_modules']);
  return copyOf(fixture().dir, (relative) => top.has(relative.split(path.sep)[0]));
}

/** The fixture's bundled entry points (.build/, built by its synthesis): read only, copy to use. */
export function bundledEntries(): string {
  return path.join(fixture().dir, '.build');
}

/** A throwaway copy of the repository after `npm run synth` with the default config, and how that run ended. */
export function synthesized(): { repo: string; first: Run } {
  const { dir, first } = fixture();
  return { repo: copyOf(dir, (relative) => relative !== FIRST_RUN), first };
}

/** The command line of `npm run synth` (package.json), with absolute paths. */
export function synthCommand(repo: string, args: string[] = []): [string, string[]] {
  return [process.execPath, [path.join(repo, 'src/bin/run.cjs'), 'synth', ...args]];
}

/** Runs `npm run synth` the way package.json does, in `repo`. */
export function runSynth(repo: string, options: { env?: Record<string, string>; cwd?: string; args?: string[] } = {}): SpawnSyncReturns<string> {
  const [command, args] = synthCommand(repo, options.args);
  return spawnSync(command, args, {
    cwd: options.cwd ?? repo,
    env: { ...cleanEnv(), ...options.env },
    encoding: 'utf8',
  });
}

/** The environment without this machine's config overrides, so tests see the defaults. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !['INFRA_CONFIG', 'GOOGLE_PROJECT_ID', 'GOOGLE_REGION', 'GKE_CLUSTER_NAME'].includes(k)) env[k] = v;
  }
  return env;
}

/** A digest of a folder's file names and bytes (empty string when it does not exist). */
export function treeHash(dir: string): string {
  if (!existsSync(dir)) return '';
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, entry.name);
      hash.update(path.relative(dir, full));
      if (entry.isDirectory()) walk(full);
      else hash.update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}
