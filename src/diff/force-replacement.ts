/**
 * For the Terraform resource types this repository creates: the attributes whose change makes
 * Terraform destroy and recreate the resource (ForceNew / RequiresReplace in the provider schema),
 * and the attributes that identify the remote object (a resource removed and one added with the
 * same identity is the same object under a new address: a replacement).
 *
 * Paths are attribute paths without list positions; a nested entry (`private_cluster_config.master_ipv4_cidr_block`)
 * matches that attribute, a block entry (`ip_allocation_policy`) anything inside it.
 * Sources: hashicorp/terraform-provider-google at tag v6.50.0 (the provider @cdktf/provider-google
 * 16.12.1 is built from), `ForceNew: true` in each resource's schema; hashicorp/terraform-provider-helm
 * v3 (@cdktf/provider-helm 12.1.2), `stringplanmodifier.RequiresReplace()`.
 */
export interface ReplacementRule {
  readonly forceNew: readonly string[];
  readonly identity: readonly string[];
}

const IAM_MEMBER = ['role', 'member', 'condition'];

export const REPLACEMENT_RULES: Readonly<Record<string, ReplacementRule>> = {
  // google/services/container/resource_container_cluster.go
  google_container_cluster: {
    forceNew: [
      'name', 'location', 'project', 'network', 'subnetwork', 'description', 'enable_autopilot', 'enable_kubernetes_alpha',
      'enable_tpu', 'initial_node_count', 'cluster_ipv4_cidr', 'networking_mode', 'default_max_pods_per_node', 'datapath_provider',
      'ip_allocation_policy', 'confidential_nodes', 'master_auth.client_certificate_config', 'node_pool',
      'private_cluster_config.enable_private_nodes', 'private_cluster_config.master_ipv4_cidr_block',
      'private_cluster_config.private_endpoint_subnetwork', 'cluster_autoscaling.auto_provisioning_defaults.boot_disk_kms_key',
      'user_managed_keys_config.cluster_ca', 'user_managed_keys_config.etcd_api_ca', 'user_managed_keys_config.etcd_peer_ca',
      'user_managed_keys_config.aggregation_ca',
    ],
    identity: ['project', 'location', 'name'],
  },
  // google/services/compute/resource_compute_network.go
  google_compute_network: {
    forceNew: ['name', 'project', 'auto_create_subnetworks', 'description', 'enable_ula_internal_ipv6', 'internal_ipv6_range', 'network_profile', 'params'],
    identity: ['project', 'name'],
  },
  // google/services/compute/resource_compute_subnetwork.go (ip_cidr_range and secondary ranges update in place)
  google_compute_subnetwork: {
    forceNew: ['name', 'project', 'region', 'network', 'description', 'enable_flow_logs', 'external_ipv6_prefix', 'ip_collection', 'params', 'reserved_internal_range'],
    identity: ['project', 'region', 'name'],
  },
  // google/services/compute/resource_compute_address.go
  google_compute_address: {
    forceNew: ['name', 'project', 'region', 'address', 'address_type', 'description', 'ip_version', 'ipv6_endpoint_type', 'network', 'network_tier', 'prefix_length', 'purpose', 'subnetwork'],
    identity: ['project', 'region', 'name'],
  },
  // google/services/compute/resource_compute_router.go
  google_compute_router: {
    forceNew: ['name', 'project', 'region', 'network', 'encrypted_interconnect_router'],
    identity: ['project', 'region', 'name'],
  },
  // google/services/compute/resource_compute_router_nat.go
  google_compute_router_nat: {
    forceNew: ['name', 'project', 'region', 'router', 'endpoint_types', 'initial_nat_ips', 'type'],
    identity: ['project', 'region', 'router', 'name'],
  },
  // google/services/dns/resource_dns_managed_zone.go
  google_dns_managed_zone: {
    forceNew: ['name', 'project', 'dns_name', 'visibility'],
    identity: ['project', 'name'],
  },
  // google/services/dns/resource_dns_record_set.go (type and rrdatas update in place)
  google_dns_record_set: {
    forceNew: ['name', 'project', 'managed_zone', 'routing_policy.health_check'],
    identity: ['project', 'managed_zone', 'name', 'type'],
  },
  // google/services/resourcemanager/resource_google_service_account.go
  google_service_account: {
    forceNew: ['account_id', 'project'],
    identity: ['project', 'account_id'],
  },
  // google/services/resourcemanager/resource_google_project_iam_custom_role.go
  google_project_iam_custom_role: {
    forceNew: ['role_id', 'project'],
    identity: ['project', 'role_id'],
  },
  // google/services/resourcemanager/resource_google_project_service.go
  google_project_service: {
    forceNew: ['service', 'project'],
    identity: ['project', 'service'],
  },
  // google/services/storage/resource_storage_bucket.go
  google_storage_bucket: {
    forceNew: ['name', 'project', 'location', 'enable_object_retention', 'custom_placement_config.data_locations', 'hierarchical_namespace'],
    identity: ['name'],
  },
  // google/tpgiamresource/resource_iam_member.go (role, member, condition) + google/services/dns/iam_dns_managed_zone.go (project, managed_zone)
  google_dns_managed_zone_iam_member: {
    forceNew: ['project', 'managed_zone', ...IAM_MEMBER],
    identity: ['project', 'managed_zone', 'role', 'member'],
  },
  // google/tpgiamresource/resource_iam_member.go + google/services/resourcemanager/iam_project.go (project)
  google_project_iam_member: {
    forceNew: ['project', ...IAM_MEMBER],
    identity: ['project', 'role', 'member'],
  },
  // google/tpgiamresource/resource_iam_member.go + google/services/resourcemanager/iam_service_account.go (service_account_id)
  google_service_account_iam_member: {
    forceNew: ['service_account_id', ...IAM_MEMBER],
    identity: ['service_account_id', 'role', 'member'],
  },
  // terraform-provider-helm helm/resource_helm_release.go: name and namespace RequiresReplace
  helm_release: {
    forceNew: ['name', 'namespace'],
    identity: ['namespace', 'name'],
  },
};

/** Types not in the table: the usual identifying attributes (no attribute is assumed to force replacement). */
const DEFAULT_IDENTITY = ['project', 'location', 'region', 'zone', 'name'];

export function forceNewAttributes(type: string): readonly string[] {
  return REPLACEMENT_RULES[type]?.forceNew ?? [];
}

export function identityAttributes(type: string): readonly string[] {
  return REPLACEMENT_RULES[type]?.identity ?? DEFAULT_IDENTITY;
}

/** The table entry a changed attribute path falls under, if its change forces replacement. */
export function forcesReplacement(type: string, attribute: string): string | undefined {
  return forceNewAttributes(type).find((entry) =>
    attribute === entry || attribute.startsWith(`${entry}.`) || entry.startsWith(`${attribute}.`));
}
