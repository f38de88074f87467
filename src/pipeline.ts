import type { Config } from './config/schema';
import { synthGcp } from './gcp/synth';
import { synthK8s } from './k8s/synth';
import { stage, type Staging } from './output/atomic-publish';

/** The two halves and how each is synthesized into an (empty) folder. */
export const HALVES = { k8s: synthK8s, gcp: synthGcp } as const;
export type Half = keyof typeof HALVES;

/**
 * Synthesizes the given halves, each into a staging folder beside its target, and publishes them
 * only when all succeeded: a failure leaves every target byte-identical. Returns files per half.
 */
export function synthesizeInto(config: Config, targets: Partial<Record<Half, string>>): Record<string, string[]> {
  const staged: Staging[] = [];
  const written: Record<string, string[]> = {};
  try {
    for (const [half, target] of Object.entries(targets) as [Half, string][]) {
      const staging = stage(target);
      staged.push(staging);
      written[half] = HALVES[half](config, staging.dir);
    }
  } catch (error) {
    staged.forEach((s) => s.discard());
    throw error;
  }
  staged.forEach((s) => s.publish());
  return written;
}
