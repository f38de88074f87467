import { REPO_ROOT } from './config/load';
import type { Config } from './config/schema';
import type { OutputPolicy } from './output/ownership';
import { withRepositoryLock } from './output/repository-lock';
import { OutputTransaction, recover } from './output/transaction';

type Synth = (config: Config, outdir: string) => string[];

/**
 * The two halves and how each is synthesized into an (empty) folder. Loaded on first use: each half
 * pulls in its own large libraries (cdktf and the providers, cdk8s-plus and the CRD classes), which
 * neither a one-half run nor a config error should pay for.
 */
export const HALVES: Record<'k8s' | 'gcp', () => Synth> = {
  k8s: () => {
    const { synthK8s } = require('./k8s/synth') as typeof import('./k8s/synth');
    return synthK8s;
  },
  gcp: () => {
    const { synthGcp } = require('./gcp/synth') as typeof import('./gcp/synth');
    return (config, outdir) => synthGcp([config], outdir);
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

export interface SynthesisResult {
  /** Files written, per half. */
  readonly files: Partial<Record<Half, string[]>>;
  /** What needs a person but did not stop the run (a leftover that cannot be removed). */
  readonly warnings: string[];
}

/**
 * Synthesizes the given halves, each into a staging folder beside its target, then publishes all
 * targets as one unit: a failure in any half, a target that cannot be published, or a kill at any
 * moment leaves every target as it was (or, after the commit point, all of them new). One run at a
 * time: the lock in `root` serializes concurrent runs, and each run first finishes or undoes what
 * an interrupted one left.
 */
export function synthesizeInto(config: Config, targets: Partial<Record<Half, string>>, options: SynthesisOptions = {}): SynthesisResult {
  const root = options.root ?? REPO_ROOT;
  const entries = Object.entries(targets) as [Half, string][];
  return withRepositoryLock(root, { waitMs: options.lockWaitMs }, () => {
    const warnings = recover(root, entries.map(([, target]) => target));
    const transaction = new OutputTransaction(root);
    const files: Partial<Record<Half, string[]>> = {};
    try {
      for (const [half, target] of entries) {
        const dir = transaction.stage(target, OUTPUT_POLICIES[half]);
        files[half] = HALVES[half]()(config, dir);
      }
    } catch (error) {
      transaction.abort();
      throw error;
    }
    transaction.commit();
    return { files, warnings: [...warnings, ...transaction.warnings] };
  });
}
