import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { Model } from '../../config/model';
import type { StackKind } from '../../config/environment-names';
import { configureBackend } from '../backend';
import { localStateFile } from '../state-location';

export interface GcpStackProps {
  readonly model: Model;
  /** What the stack holds; its id and state location follow from it and the environment. */
  readonly kind: StackKind;
  /** The state stack keeps its own state locally: it creates the bucket the others use. */
  readonly localState?: boolean;
}

/**
 * The oldest Terraform the synthesized JSON needs: 1.0, the floor the pinned providers state (Helm
 * provider v3.1.1 README "Terraform v1.x.x"; protocol 5 for both, terraform-registry-manifest.json),
 * and the output uses nothing newer (no moved/import/removed/check blocks, no provider functions:
 * test/gcp/app.test.ts). Every stack validates with terraform 1.0.11 (CI's terraform job). OpenTofu
 * checks it against its own version, which starts at 1.6.
 */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.0';

/** A stack with the Google provider for the configured project/region and its backend. */
export class GcpStack extends TerraformStack {
  constructor(scope: Construct, props: GcpStackProps) {
    const { config, names: n } = props.model;
    super(scope, n.stackIds[props.kind]);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    new GoogleProvider(this, 'google', { project: config.project.id, region: config.project.region });
    const bucket = props.localState ? undefined : config.state.bucket;
    configureBackend(this, bucket
      // One bucket can hold every environment: prefixes are per cluster, then per stack kind.
      ? { kind: 'gcs', bucket, prefix: `${n.stateBucketPrefix}/${props.kind}` }
      : { kind: 'local', path: localStateFile(n, props.kind) });
  }
}
