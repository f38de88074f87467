import { REPO_ROOT } from './config/load';
import type { Config } from './config/schema';
import type { OutputPolicy } from './output/ownership';
import { withRepositoryLock } from './output/repository-lock';
import { OutputTransaction, recover } from './output/transaction';

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

/**
 * What each output folder may hold besides what synthesis wrote (its `.synth-manifest`).
 * - dist/ is reviewed and applied as a whole (`kubectl apply -f dist/`): a file nobody synthesized
 *   would be applied unreviewed if kept and lost if deleted, so it is refused (exit 2, named).
 * - cdktf.out/ stack folders are where terraform runs: what `terraform init` and a person leave
 *   there (working folder, provider lock, variable files, a state file) is carried into every new
 *   output, even when its stack is gone; anything else is refused.
 */
export const OUTPUT_POLICIES: Record<Half, OutputPolicy> = {
  k8s: { legacy: /^[^/]+\.k8s\.yaml$|^Kustomization$/ },
  gcp: {
    keep: /^stacks\/[^/]+\/(\.terraform|\.terraform\.lock\.hcl|\.terraform\.tfstate\.lock\.info|[^/]+\.tfvars(\.json)?|[^/]+\.tfstate(\.backup|\.\d+\.backup)?)$/,
    legacy: /^manifest\.json$|^stacks\/[^/]+\/cdk\.tf\.json$/,
  },
};

export interface SynthesisOptions {
  /** Where the lock and the publish journal live; the repository root by default. */
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
  readonly files: string[];
}

export interface SynthesisResult {
  readonly outputs: PublishedOutput[];
  /** Files written, per half (every folder of the half together). */
  readonly files: Partial<Record<Half, string[]>>;
  /** What needs a person but did not stop the run (a leftover that cannot be removed). */
  readonly warnings: string[];
}

/**
 * Synthesizes the given halves of every configuration (environment), each output into a staging
 * folder beside its target, then publishes all targets as one unit: a failure in any half or
 * environment, a target that cannot be published, or a kill at any moment leaves every target as it
 * was (or, after the commit point, all of them new). One run at a time: the lock in `root`
 * serializes concurrent runs, and each run first finishes or undoes what an interrupted one left.
 */
export function synthesizeInto(configs: Config | readonly Config[], targets: Targets, options: SynthesisOptions = {}): SynthesisResult {
  const all: readonly Config[] = Array.isArray(configs) ? configs : [configs as Config];
  const root = options.root ?? REPO_ROOT;
  const outputs = plan(all, targets);
  return withRepositoryLock(root, { waitMs: options.lockWaitMs }, () => {
    const warnings = recover(root, outputs.map((o) => o.target));
    const transaction = new OutputTransaction(root);
    const published: PublishedOutput[] = [];
    try {
      for (const { half, target, configs: input } of outputs) {
        const dir = transaction.stage(target, OUTPUT_POLICIES[half]);
        published.push({ half, target, files: HALVES[half]()(input, dir) });
      }
    } catch (error) {
      transaction.abort();
      throw error;
    }
    transaction.commit();
    const files: Partial<Record<Half, string[]>> = {};
    for (const o of published) files[o.half] = [...(files[o.half] ?? []), ...o.files];
    return { outputs: published, files, warnings: [...warnings, ...transaction.warnings] };
  });
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
