import { Construct } from 'constructs';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import type { ITerraformDependable } from 'cdktf';
import type { Config } from '../../config/schema';
import type { Names } from '../../config/names';

export interface NetworkProps {
  readonly config: Config;
  readonly names: Names;
  readonly dependsOn: ITerraformDependable[];
}

/** Custom-mode VPC, one regional node subnet with pod/service secondary ranges, and Cloud NAT for private nodes. */
export class Network extends Construct {
  readonly network: ComputeNetwork;
  readonly subnet: ComputeSubnetwork;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { config, names, dependsOn } = props;
    const { project, cluster } = config;

    this.network = new ComputeNetwork(this, 'vpc', {
      project: project.id,
      name: names.network,
      // Custom mode: no auto subnets in every region, only the ranges validated in the config.
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      dependsOn,
    });

    this.subnet = new ComputeSubnetwork(this, 'subnet', {
      project: project.id,
      name: names.subnet,
      region: project.region,
      network: this.network.id,
      ipCidrRange: cluster.network.subnetCidr,
      // Private nodes have no external IPs; this lets them reach Google APIs (image pulls from Artifact Registry, etc.).
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: names.podsRange, ipCidrRange: cluster.network.podsCidr },
        { rangeName: names.servicesRange, ipCidrRange: cluster.network.servicesCidr },
      ],
    });

    const router = new ComputeRouter(this, 'router', {
      project: project.id,
      name: names.router,
      region: project.region,
      network: this.network.id,
    });

    // Private nodes need NAT to pull public images (Docker Hub, quay.io) and to reach Let's Encrypt.
    new ComputeRouterNat(this, 'nat', {
      project: project.id,
      name: names.nat,
      region: project.region,
      router: router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
  }
}
