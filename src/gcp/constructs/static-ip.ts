import { Construct } from 'constructs';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import type { ITerraformDependable } from 'cdktf';
import type { Config } from '../../config/schema';
import type { Names } from '../../config/names';

export interface StaticIpProps {
  readonly config: Config;
  readonly names: Names;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The Gateway's reserved IP. Regional (not global) and in the cluster's region: the L4 load balancer
 * of the Envoy Service can only take a regional address; a global one fails with "neither static nor
 * assigned to the LB". The tier must match the Service's (PREMIUM unless configured).
 */
export class StaticIp extends Construct {
  readonly address: ComputeAddress;

  constructor(scope: Construct, id: string, props: StaticIpProps) {
    super(scope, id);
    const { config, names, dependsOn } = props;
    this.address = new ComputeAddress(this, 'address', {
      project: config.project.id,
      name: names.addressName,
      region: config.project.region,
      addressType: 'EXTERNAL',
      networkTier: config.gateway.address.networkTier,
      description: `Envoy Gateway ${config.gateway.namespace}/${config.gateway.name} on cluster ${config.cluster.name}`,
      dependsOn,
    });
  }
}
