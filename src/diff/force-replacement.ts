import * as ipaddr from 'ipaddr.js';

/**
 * For the Terraform resource types this repository creates: the attributes whose change makes
 * Terraform destroy and recreate the resource (ForceNew / RequiresReplace in the provider schema),
 * and the attributes that identify the remote object (a resource removed and one added with the
 * same identity is the same object under a new address: a replacement).
 *
 * Paths are attribute paths without list positions; a nested entry (`private_cluster_config.master_ipv4_cidr_block`)
 * matches that attribute, a block entry (`ip_allocation_policy`) anything inside it.
 * Sources: hashicorp/terraform-provider-google at tag v6.50.0 (the provider @cdktf/provider-google
 * 16.12.1 is built from), `ForceNew: true` in each resource's schema and each resource's
 * `CustomizeDiff` (conditional replacements, attributes it sets at plan time); hashicorp/terraform-provider-helm
 * at tag v3.1.1 (@cdktf/provider-helm 12.1.2), `stringplanmodifier.RequiresReplace()`.
 * `npm run check:replacements` (scripts/check-replacements.ts) checks these rules against the real
 * provider; test/diff/fixtures/plans/ holds plans it recorded.
 */
export interface ReplacementRule {
  readonly forceNew: readonly string[];
  readonly identity: readonly string[];
  /** Replacements a CustomizeDiff forces only for some changes of an attribute. */
  readonly conditional?: readonly ConditionalReplacement[];
  /**
   * Computed attributes a CustomizeDiff sets at plan time, so they stay known when the resource is
   * created or replaced (a reference to them forces nothing by being unknown).
   */
  readonly knownAtPlan?: readonly string[];
}

export interface ConditionalReplacement {
  /** Attribute path without list positions (`ip_cidr_range`, `retention_policy.is_locked`). */
  readonly attribute: string;
  /** Whether changing `before` to `after` forces replacement (both defined: the attribute is set on both sides). */
  readonly replaces: (before: unknown, after: unknown) => boolean;
  /** Why, with the provider function and file at the pinned tag. */
  readonly why: string;
}

/** The provider's IsShrinkageIpCidr: a new range that does not contain the whole old range. */
export function isShrinkageIpCidr(before: unknown, after: unknown): boolean {
  if (typeof before !== 'string' || typeof after !== 'string' || !ipaddr.isValidCIDR(before) || !ipaddr.isValidCIDR(after)) return false;
  const [oldBase, oldBits] = ipaddr.parseCIDR(before);
  const [newBase, newBits] = ipaddr.parseCIDR(after);
  if (oldBase.kind() !== newBase.kind()) return true;
  return !(newBits <= oldBits && oldBase.match(newBase, newBits));
}

/** customdiff.ForceNewIfChange(attribute, isBeenEnabled / isPolicyLocked): true before, false (or unset) after. */
const turnedOff = (before: unknown, after: unknown) => before === true && after !== true;

/** enable_k8s_beta_apis.enabled_apis: removing an API that was enabled (a set: order does not matter). */
const removesItem = (before: unknown, after: unknown) =>
  Array.isArray(before) && before.some((item) => !(Array.isArray(after) ? after : []).some((a) => JSON.stringify(a) === JSON.stringify(item)));

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
    // CustomizeDiff, resource_container_cluster.go v6.50.0: ForceNewIfChange(.., isBeenEnabled),
    // containerClusterAutopilotCustomizeDiff, containerClusterEnableK8sBetaApisCustomizeDiff.
    conditional: [
      { attribute: 'enable_l4_ilb_subsetting', replaces: turnedOff, why: 'turning L4 ILB subsetting off (ForceNewIfChange isBeenEnabled, resource_container_cluster.go v6.50.0)' },
      { attribute: 'enable_fqdn_network_policy', replaces: turnedOff, why: 'turning FQDN network policy off (ForceNewIfChange isBeenEnabled, resource_container_cluster.go v6.50.0)' },
      { attribute: 'dns_config.additive_vpc_scope_dns_domain', replaces: () => true, why: 'an Autopilot cluster\'s additive VPC scope DNS domain (containerClusterAutopilotCustomizeDiff, resource_container_cluster.go v6.50.0)' },
      { attribute: 'enable_k8s_beta_apis.enabled_apis', replaces: removesItem, why: 'a beta API cannot be disabled once enabled (containerClusterEnableK8sBetaApisCustomizeDiff, resource_container_cluster.go v6.50.0)' },
    ],
  },
  // google/services/compute/resource_compute_network.go
  google_compute_network: {
    forceNew: ['name', 'project', 'auto_create_subnetworks', 'description', 'enable_ula_internal_ipv6', 'internal_ipv6_range', 'network_profile', 'params'],
    identity: ['project', 'name'],
  },
  // google/services/compute/resource_compute_subnetwork.go (secondary ranges update in place;
  // ip_cidr_range in place only when the new range contains the old one)
  google_compute_subnetwork: {
    forceNew: ['name', 'project', 'region', 'network', 'description', 'enable_flow_logs', 'external_ipv6_prefix', 'ip_collection', 'params', 'reserved_internal_range'],
    identity: ['project', 'region', 'name'],
    conditional: [
      { attribute: 'ip_cidr_range', replaces: isShrinkageIpCidr, why: 'the new range does not contain the old one (CustomizeDiff ForceNewIfChange("ip_cidr_range", IsShrinkageIpCidr), resource_compute_subnetwork.go v6.50.0); only an expansion updates in place' },
    ],
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
    // resourceServiceAccountCustomDiff (ResourceServiceAccountCustomDiffFunc) sets both from account_id and project.
    knownAtPlan: ['email', 'member'],
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
    conditional: [
      { attribute: 'retention_policy.is_locked', replaces: turnedOff, why: 'unlocking a locked retention policy (ForceNewIfChange isPolicyLocked, resource_storage_bucket.go v6.50.0)' },
    ],
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
  // terraform-provider-helm helm/resource_helm_release.go v3.1.1 (lines 414-430): name and namespace
  // RequiresReplace; its ModifyPlan pulls the chart, so the real-provider check cannot run offline.
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

export function conditionalReplacements(type: string): readonly ConditionalReplacement[] {
  return REPLACEMENT_RULES[type]?.conditional ?? [];
}

export function knownAtPlan(type: string): readonly string[] {
  return REPLACEMENT_RULES[type]?.knownAtPlan ?? [];
}

export function identityAttributes(type: string): readonly string[] {
  return REPLACEMENT_RULES[type]?.identity ?? DEFAULT_IDENTITY;
}

/** The table entry a changed attribute path falls under, if its change forces replacement. */
export function forcesReplacement(type: string, attribute: string): string | undefined {
  return forceNewAttributes(type).find((entry) =>
    attribute === entry || attribute.startsWith(`${entry}.`) || entry.startsWith(`${attribute}.`));
}
