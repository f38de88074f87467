import { Construct } from 'constructs';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import type { ITerraformDependable } from 'cdktf';

export interface StateBucketProps {
  readonly projectId: string;
  readonly name: string;
  /** A GCS location, e.g. US or US-CENTRAL1. */
  readonly location: string;
  readonly dependsOn?: ITerraformDependable[];
}

/** Holds the other stacks' Terraform state: versioned (recoverable), never public, never force-deleted. */
export class StateBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = new StorageBucket(this, 'bucket', {
      project: props.projectId,
      name: props.name,
      location: props.location,
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      // State holds secrets-adjacent data and history: deleting it must be a manual, deliberate act.
      forceDestroy: false,
      dependsOn: props.dependsOn,
    });
  }
}
