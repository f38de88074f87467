import { GcsBackend, LocalBackend, type TerraformStack } from 'cdktf';

/** Where a stack's state lives: a GCS bucket and prefix, or a local file relative to the repository root. */
export type StateLocation =
  | { readonly kind: 'gcs'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'local'; readonly path: string };

export function configureBackend(stack: TerraformStack, state: StateLocation): void {
  if (state.kind === 'gcs') {
    new GcsBackend(stack, { bucket: state.bucket, prefix: state.prefix });
  } else {
    // Terraform runs in cdktf.out/stacks/<id>/, which every synthesis replaces: the state file lives
    // under the repository root instead (gitignored). Relative, so the output does not depend on the
    // working directory.
    new LocalBackend(stack, { path: `../../../${state.path}` });
  }
}
