import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { Model } from '../../config/model';
import { ProjectServices } from '../constructs/project-services';
import { StateBucket } from '../constructs/state-bucket';
import { GcpStack } from './gcp-stack';

/** Creates the GCS state bucket; deployed first, with local state of its own. */
export class StateStack extends GcpStack {
  constructor(scope: Construct, model: Model, bucket: string) {
    super(scope, { model, kind: 'state', localState: true });
    const { config } = model;
    const apis = new ProjectServices(this, 'apis', { projectId: config.project.id, services: ['storage.googleapis.com'] });
    const state = new StateBucket(this, 'state', { projectId: config.project.id, name: bucket, location: config.state.location, dependsOn: apis.services });
    new TerraformOutput(this, 'state_bucket', { value: state.bucket.name, description: 'GCS bucket holding the other stacks\' state (state.bucket)' });
  }
}
