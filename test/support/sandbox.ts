import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/config/load';

/** Files a synthesis needs; the copy runs the real entry points without touching this checkout. */
export const SYNTHESIS_INPUTS = ['src', 'imports', 'config', 'crds/index.json', 'package.json', 'tsconfig.json', 'cdk8s.yaml', 'cdktf.json'];

/** A throwaway copy of the repository (node_modules linked), for tests that run the CLIs. */
export function sandbox(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'edge-repo-'));
  for (const entry of SYNTHESIS_INPUTS) cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The command line of `npm run synth` (package.json), with absolute paths. */
export function synthCommand(repo: string, args: string[] = []): [string, string[]] {
  return [process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(repo, 'src/bin/synth.ts'), ...args]];
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
