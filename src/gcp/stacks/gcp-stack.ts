import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { Config } from '../../config/schema';
import { names, type Names } from '../../config/names';
import { configureBackend } from '../backend';

export interface GcpStackProps {
  readonly config: Config;
  /** The state stack keeps its own state locally: it creates the bucket the others use. */
  readonly localState?: boolean;
}

/** A stack with the Google provider for the configured project/region and its backend. */
export class GcpStack extends TerraformStack {
  readonly config: Config;
  readonly names: Names;

  constructor(scope: Construct, id: string, props: GcpStackProps) {
    super(scope, id);
    this.config = props.config;
    this.names = names(props.config);
    new GoogleProvider(this, 'google', { project: props.config.project.id, region: props.config.project.region });
    configureBackend(this, props.config, id, props.localState);
  }
}
