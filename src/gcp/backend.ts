import { GcsBackend, LocalBackend, type TerraformStack } from 'cdktf';
import type { Config } from '../config/schema';

/** Where a stack's state lives: GCS (one prefix per stack) with a bucket configured, else a local file. */
export function configureBackend(stack: TerraformStack, config: Config, stackId: string, forceLocal = false): void {
  const bucket = config.state.bucket;
  if (bucket && !forceLocal) {
    // Prefixed by cluster too, so one bucket can hold several environments.
    new GcsBackend(stack, { bucket, prefix: `${config.cluster.name}/${stackId}` });
  } else {
    // Relative to the stack's synth folder (cdktf.out/stacks/<id>/): no cloud account needed to synth.
    new LocalBackend(stack, { path: `terraform.${stackId}.tfstate` });
  }
}
