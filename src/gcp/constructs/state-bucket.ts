import { Construct } from 'constructs';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import type { ITerraformDependable } from 'cdktf';
import type { Config } from '../../config/schema';

export interface StateBucketProps {
  readonly config: Config;
  /** The bucket name (config.state.bucket). */
  readonly bucket: string;
  readonly dependsOn: ITerraformDependable[];
}

/** Holds the other stacks' Terraform state: versioned (recoverable), never public, never force-deleted. */
export class StateBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = new StorageBucket(this, 'bucket', {
      project: props.config.project.id,
      name: props.bucket,
      location: props.config.state.location,
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      // State holds secrets-adjacent data and history: deleting it must be a manual, deliberate act.
      forceDestroy: false,
      dependsOn: props.dependsOn,
    });
  }
}
