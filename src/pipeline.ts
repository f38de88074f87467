import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './config/repo-root';
import type { Config } from './config/schema';
import { listFiles, publish, scratchFolder } from './output/publish';
import { withRepositoryLock } from './output/repository-lock';

/** Synthesizes configurations into an (empty) folder; returns the files written, relative to it. */
type Synth = (configs: readonly Config[], outdir: string) => string[];

/**
 * The two halves and how each is synthesized into an (empty) folder. Loaded on first use: each half
 * pulls in its own large libraries (cdktf and the providers, cdk8s-plus and the CRD classes), which
 * neither a one-half run nor a config error should pay for.
 */
export const HALVES: Record<'k8s' | 'gcp', () => Synth> = {
  // One environment per Kubernetes folder (dist/, dist-<env>/).
  k8s: () => {
    const { synthK8s } = require('./k8s/synth') as typeof import('./k8s/synth');
    return ([config], outdir) => synthK8s(config, outdir);
  },
  // One CDKTF app, every environment's stacks (platform, staging-platform, ...).
  gcp: () => {
    const { synthGcp } = require('./gcp/synth') as typeof import('./gcp/synth');
    return synthGcp;
  },
};
export type Half = keyof typeof HALVES;

export interface SynthesisOptions {
  /** Where the lock and the scratch folder live; the repository root by default. */
  readonly root?: string;
  /** How long to wait for another synthesis holding the lock. */
  readonly lockWaitMs?: number;
}

/** Where each half goes. */
export interface Targets {
  /** Each environment's Kubernetes folder; a path when only one environment is synthesized. */
  readonly k8s?: string | ((environment: string) => string);
  /** The CDKTF output folder, holding every environment's stacks. */
  readonly gcp?: string;
}

/** One published output folder. */
export interface PublishedOutput {
  readonly half: Half;
  readonly target: string;
  /** Every file synthesized into the folder, relative to it (its manifest aside). */
  readonly files: string[];
}

export interface SynthesisResult {
  readonly outputs: PublishedOutput[];
  /** Files written, per half (every folder of the half together). */
  readonly files: Partial<Record<Half, string[]>>;
}

/**
 * Synthesizes the given halves of every configuration (environment) into a scratch folder, then
 * publishes each output folder file by file (src/output/publish.ts). A failure in any half or
 * environment, or a folder that cannot take the output, changes no folder; a run stopped while
 * publishing is finished by the next. One run at a time: the lock in `root` serializes them.
 */
export function synthesizeInto(configs: Config | readonly Config[], targets: Targets, options: SynthesisOptions = {}): SynthesisResult {
  const all: readonly Config[] = Array.isArray(configs) ? configs : [configs as Config];
  const root = options.root ?? REPO_ROOT;
  const outputs = plan(all, targets);
  return withRepositoryLock(root, options.lockWaitMs ?? 60_000, () => {
    const scratch = scratchFolder(root);
    try {
      const built = outputs.map(({ half, target, configs: input }, i) => {
        const source = path.join(scratch, String(i));
        mkdirSync(source);
        HALVES[half]()(input, source);
        return { half, target, source, files: listFiles(source), configs: new Map(input.map((c) => [c.environment, configDigest(c)])), exclusive: half === 'k8s' };
      });
      publish(built);
      const files: Partial<Record<Half, string[]>> = {};
      for (const o of built) files[o.half] = [...(files[o.half] ?? []), ...o.files];
      return { outputs: built.map(({ half, target, files: written }) => ({ half, target, files: written })), files };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}

/** sha256 of the validated configuration with its keys sorted: the same whatever the YAML's layout. */
export function configDigest(config: Config): string {
  const sorted = (value: unknown): unknown => (Array.isArray(value) ? value.map(sorted)
    : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])])) : value);
  return `sha256:${createHash('sha256').update(JSON.stringify(sorted(config))).digest('hex')}`;
}

/** The output folders to build, in the order the targets name the halves. */
interface PlannedOutput {
  readonly half: Half;
  readonly target: string;
  readonly configs: readonly Config[];
}

function plan(configs: readonly Config[], targets: Targets): PlannedOutput[] {
  return (Object.keys(targets) as Half[]).flatMap((half): PlannedOutput[] => {
    if (half === 'gcp') return targets.gcp === undefined ? [] : [{ half, target: targets.gcp, configs }];
    const k8s = targets.k8s;
    if (k8s === undefined) return [];
    if (typeof k8s === 'string' && configs.length > 1) throw new Error('one Kubernetes folder cannot hold several environments');
    return configs.map((config) => ({ half, target: typeof k8s === 'string' ? k8s : k8s(config.environment), configs: [config] }));
  });
}
