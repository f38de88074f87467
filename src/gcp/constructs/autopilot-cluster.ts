import { Construct } from 'constructs';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import type { ITerraformDependable } from 'cdktf';

/** A client range allowed to reach the public IP endpoint of the control plane. */
export interface AuthorizedNetwork {
  readonly cidr: string;
  readonly name: string;
}

/**
 * How clients reach the API server.
 * - dns: the DNS-based endpoint only, every request authorized by IAM; the IP endpoint is private.
 * - public-ip: the public IP endpoint, open only to the listed ranges; the DNS endpoint refuses user traffic.
 */
export type ControlPlaneAccess =
  | { readonly kind: 'dns' }
  | { readonly kind: 'public-ip'; readonly authorizedNetworks: readonly AuthorizedNetwork[] };

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
  /**
   * Who owns the Gateway API CRDs. 'install' (default): GKE's Gateway API is disabled, so the Envoy
   * Gateway chart installs the version it needs; 'gke-managed': GKE installs the standard channel.
   */
  readonly gatewayApiCrds?: 'install' | 'gke-managed';
  /** Default: the DNS-based endpoint only. */
  readonly controlPlaneAccess?: ControlPlaneAccess;
  /** The nodes' service account email (a dedicated least-privilege one, see NodeServiceAccount). */
  readonly nodeServiceAccountEmail: string;
  /** GCE resource labels on the cluster (the provider manages only these keys, not GKE's own). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Default true: destroying the cluster needs a deliberate deploy with false first. */
  readonly deletionProtection?: boolean;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Regional GKE Autopilot cluster with private nodes. node_config, remove_default_node_pool,
 * network_policy and workload_identity_config are left out on purpose: Autopilot manages them
 * (Workload Identity is always on) and the API rejects them.
 */
export class AutopilotCluster extends Construct {
  readonly cluster: ContainerCluster;

  constructor(scope: Construct, id: string, props: AutopilotClusterProps) {
    super(scope, id);
    const access = props.controlPlaneAccess ?? { kind: 'dns' };
    const dnsOnly = access.kind === 'dns';

    this.cluster = new ContainerCluster(this, 'cluster', {
      project: props.projectId,
      name: props.name,
      // A region (not a zone): the control plane and nodes are spread over the region's zones.
      location: props.region,
      enableAutopilot: true,
      resourceLabels: props.labels ? { ...props.labels } : undefined,
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
        // true: the IP endpoint has no public address (provider 6.50.0 maps this to
        // ip_endpoints_config.enable_public_endpoint = false).
        enablePrivateEndpoint: dnsOnly,
        // No master_ipv4_cidr_block: GKE then gives the control plane a Private Service Connect
        // endpoint in the node subnet. With it, GKE builds the legacy VPC-peering control plane
        // (google provider v6.50.0 expandPrivateClusterConfigMasterIpv4CidrBlock sends it on create;
        // cloud-foundation-fabric's gke-cluster-autopilot leaves it unset by default).
      },
      // The DNS endpoint takes user traffic only in 'dns' mode; each request is checked by IAM
      // (container.clusters.connect), whatever its source address.
      controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: dnsOnly } },
      // Without this block the public endpoint accepts any source. No cidr_blocks: only the VPC
      // (and the nodes, always allowed) reach the IP endpoint; Google Cloud's own public ranges never.
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: access.kind === 'public-ip'
          ? access.authorizedNetworks.map((n) => ({ cidrBlock: n.cidr, displayName: n.name }))
          : undefined,
      },
      // Set in every mode, so this repository, not a GKE default, decides who owns the Gateway API
      // CRDs (Helm skips CRDs that already exist: GKE's would shadow the ones Envoy Gateway needs).
      // Channels: google provider 6.50.0 container_cluster docs; GKE API GatewayAPIConfig.Channel.
      gatewayApiConfig: { channel: props.gatewayApiCrds === 'gke-managed' ? 'CHANNEL_STANDARD' : 'CHANNEL_DISABLED' },
      // Autopilot nodes run as this account instead of the Compute Engine default (provider 6.50.0
      // docs: auto_provisioning_defaults "apply to GKE Autopilot clusters"; its acceptance test
      // TestAccContainerClusterCustomServiceAccount_withAutopilot). The scope is the broad one on
      // purpose: IAM, not scopes, limits what the account can do.
      clusterAutoscaling: {
        autoProvisioningDefaults: {
          serviceAccount: props.nodeServiceAccountEmail,
          oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        },
      },
      // true by default: destroying the cluster needs a deliberate deploy with false first.
      deletionProtection: props.deletionProtection ?? true,
      dependsOn: props.dependsOn,
    });
  }
}
