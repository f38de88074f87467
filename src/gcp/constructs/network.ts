import { Construct } from 'constructs';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import type { ITerraformDependable } from 'cdktf';

export interface NetworkProps {
  readonly projectId: string;
  readonly region: string;
  /** Resource names (src/config/names.ts). */
  readonly names: {
    readonly network: string;
    readonly subnet: string;
    readonly podsRange: string;
    readonly servicesRange: string;
    readonly router: string;
    readonly nat: string;
  };
  /** Node subnet and its pod/service secondary ranges (validated disjoint by the config schema). */
  readonly subnetCidr: string;
  readonly podsCidr: string;
  readonly servicesCidr: string;
  /** VPC flow logs on the node subnet (billed per GiB written to Cloud Logging). Default false. */
  readonly flowLogs?: boolean;
  readonly dependsOn?: ITerraformDependable[];
}

/** Custom-mode VPC, one regional node subnet with pod/service secondary ranges, and Cloud NAT for private nodes. */
export class Network extends Construct {
  readonly network: ComputeNetwork;
  readonly subnet: ComputeSubnetwork;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { projectId: project, region, names, dependsOn } = props;

    this.network = new ComputeNetwork(this, 'vpc', {
      project,
      name: names.network,
      // Custom mode: no auto subnets in every region, only the ranges validated in the config.
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      dependsOn,
    });

    this.subnet = new ComputeSubnetwork(this, 'subnet', {
      project,
      name: names.subnet,
      region,
      network: this.network.id,
      ipCidrRange: props.subnetCidr,
      // Private nodes have no external IPs; this lets them reach Google APIs (image pulls from Artifact Registry, etc.).
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: names.podsRange, ipCidrRange: props.podsCidr },
        { rangeName: names.servicesRange, ipCidrRange: props.servicesCidr },
      ],
      // 5-minute aggregation instead of the provider's 5-second default (fewer records for long
      // connections), half the flows, with metadata. No block sends enable=false (google provider
      // v6.50.0 resource_compute_subnetwork.go expandComputeSubnetworkLogConfig), so false turns them off.
      logConfig: props.flowLogs
        ? { aggregationInterval: 'INTERVAL_5_MIN', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' }
        : undefined,
    });

    const router = new ComputeRouter(this, 'router', {
      project,
      name: names.router,
      region,
      network: this.network.id,
    });

    // Private nodes need NAT to pull public images (Docker Hub, quay.io) and to reach Let's Encrypt.
    new ComputeRouterNat(this, 'nat', {
      project,
      name: names.nat,
      region,
      router: router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
  }
}
