import { GcsBackend, LocalBackend, type TerraformStack } from 'cdktf';
import type { Config } from '../config/schema';
import { localStateFile } from './state-location';

/** Where a stack's state lives: GCS (one prefix per stack) with a bucket configured, else a local file. */
export function configureBackend(stack: TerraformStack, config: Config, stackId: string, forceLocal = false): void {
  const bucket = config.state.bucket;
  if (bucket && !forceLocal) {
    // Prefixed by cluster too, so one bucket can hold several environments.
    new GcsBackend(stack, { bucket, prefix: `${config.cluster.name}/${stackId}` });
  } else {
    // Terraform runs in cdktf.out/stacks/<id>/, which every synthesis replaces: the state file lives
    // at the repository root instead (gitignored), as cdktf's own default does. Relative, so the
    // output does not depend on the working directory.
    new LocalBackend(stack, { path: `../../../${localStateFile(stackId)}` });
  }
}
