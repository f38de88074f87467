import { Construct } from 'constructs';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import type { ITerraformDependable } from 'cdktf';

export interface AutopilotClusterProps {
  readonly projectId: string;
  readonly name: string;
  /** A region: the control plane and nodes are spread over its zones. */
  readonly region: string;
  readonly releaseChannel?: 'RAPID' | 'REGULAR' | 'STABLE';
  /** Self links or ids of the VPC and the node subnet. */
  readonly networkId: string;
  readonly subnetworkId: string;
  /** Names of the subnet's secondary ranges for pods and services (VPC-native). */
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  /** The /28 for the control plane's private endpoint. */
  readonly masterCidr: string;
  /** 'gke-managed': GKE installs and owns the standard-channel Gateway API CRDs. Default: GKE's own default. */
  readonly gatewayApiCrds?: 'install' | 'gke-managed';
  /** Default true: destroying the cluster needs a deliberate deploy with false first. */
  readonly deletionProtection?: boolean;
  readonly dependsOn?: ITerraformDependable[];
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

    this.cluster = new ContainerCluster(this, 'cluster', {
      project: props.projectId,
      name: props.name,
      // A region (not a zone): the control plane and nodes are spread over the region's zones.
      location: props.region,
      enableAutopilot: true,
      releaseChannel: { channel: props.releaseChannel ?? 'REGULAR' },
      network: props.networkId,
      subnetwork: props.subnetworkId,
      // VPC-native: pods and services take the subnet's named secondary ranges.
      ipAllocationPolicy: {
        clusterSecondaryRangeName: props.podsRangeName,
        servicesSecondaryRangeName: props.servicesRangeName,
      },
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: false,
        masterIpv4CidrBlock: props.masterCidr,
      },
      // 'gke-managed': GKE installs and owns the standard-channel Gateway API CRDs; the Envoy Gateway
      // chart then must not install them (see addons). Otherwise GKE's default is left alone.
      ...(props.gatewayApiCrds === 'gke-managed' ? { gatewayApiConfig: { channel: 'CHANNEL_STANDARD' } } : {}),
      // true by default: destroying the cluster needs a deliberate deploy with false first.
      deletionProtection: props.deletionProtection ?? true,
      dependsOn: props.dependsOn,
    });
  }
}
