import { Construct } from 'constructs';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import type { ITerraformDependable } from 'cdktf';
import type { Config } from '../../config/schema';
import type { Names } from '../../config/names';
import type { Network } from './network';

export interface AutopilotClusterProps {
  readonly config: Config;
  readonly names: Names;
  readonly network: Network;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Regional GKE Autopilot cluster with private nodes and a public control-plane endpoint (for kubectl).
 * node_config, remove_default_node_pool, network_policy and workload_identity_config are left out on
 * purpose: Autopilot manages them (Workload Identity is always on) and the API rejects them.
 */
export class AutopilotCluster extends Construct {
  readonly cluster: ContainerCluster;

  constructor(scope: Construct, id: string, props: AutopilotClusterProps) {
    super(scope, id);
    const { config, names, network, dependsOn } = props;
    const gkeManagedCrds = config.addons.envoyGateway.gatewayApiCrds === 'gke-managed';

    this.cluster = new ContainerCluster(this, 'cluster', {
      project: config.project.id,
      name: config.cluster.name,
      // A region (not a zone): the control plane and nodes are spread over the region's zones.
      location: config.project.region,
      enableAutopilot: true,
      releaseChannel: { channel: config.cluster.releaseChannel },
      network: network.network.id,
      subnetwork: network.subnet.id,
      // VPC-native: pods and services take the subnet's named secondary ranges.
      ipAllocationPolicy: {
        clusterSecondaryRangeName: names.podsRange,
        servicesSecondaryRangeName: names.servicesRange,
      },
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: false,
        masterIpv4CidrBlock: config.cluster.network.masterCidr,
      },
      // 'gke-managed': GKE installs and owns the standard-channel Gateway API CRDs; the Envoy Gateway
      // chart then must not install them (see addons). Otherwise GKE's default is left alone.
      ...(gkeManagedCrds ? { gatewayApiConfig: { channel: 'CHANNEL_STANDARD' } } : {}),
      // true by default: destroying the cluster needs a deliberate deploy with false first.
      deletionProtection: config.cluster.deletionProtection,
      dependsOn,
    });
  }
}
