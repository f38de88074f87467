import type { Config } from './config/schema';
import { stage, type Keep, type Staging } from './output/atomic-publish';

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
 * What `cdktf deploy` leaves in a stack folder and a new synthesis must not wipe: the provider lock
 * file (copied) and terraform's working folder (moved; `terraform init` can rebuild it).
 */
const KEEP: Partial<Record<Half, Keep>> = {
  gcp: { copy: /^stacks\/[^/]+\/\.terraform\.lock\.hcl$/, move: /^stacks\/[^/]+\/\.terraform$/ },
};

/**
 * Synthesizes the given halves, each into a staging folder beside its target, and publishes them
 * only when all succeeded: a failure leaves every target byte-identical. Returns files per half.
 */
export function synthesizeInto(config: Config, targets: Partial<Record<Half, string>>): Record<string, string[]> {
  const staged: { half: Half; staging: Staging }[] = [];
  const written: Record<string, string[]> = {};
  try {
    for (const [half, target] of Object.entries(targets) as [Half, string][]) {
      const staging = stage(target);
      staged.push({ half, staging });
      written[half] = HALVES[half]()(config, staging.dir);
    }
  } catch (error) {
    staged.forEach(({ staging }) => staging.discard());
    throw error;
  }
  staged.forEach(({ half, staging }) => staging.publish(KEEP[half]));
  return written;
}
