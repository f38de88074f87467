import { attributePath, diffFields } from './field-diff';
import { conditionalReplacements, forcesReplacement } from './force-replacement';
import { diffTerraform } from './terraform-diff';
import type { TerraformBlock } from './tree';

// Cases that check the replacement table (force-replacement.ts) against the real provider:
// scripts/check-replacements.ts plans each with Terraform; test/diff/replacements.test.ts compares
// the plans it recorded (test/diff/fixtures/plans/) with the prediction.

/** The provider versions the stacks pin (@cdktf/provider-google 16.12.1, @cdktf/provider-helm 12.1.2). */
const PROVIDERS = { google: '6.50.0', helm: '3.1.1' } as const;
export const providerVersion = (name: keyof typeof PROVIDERS) => PROVIDERS[name];

export interface ReplacementCase {
  readonly name: string;
  readonly type: string;
  /** The resource's id in the prior state (SDKv2 needs one; its value is not read by a plan). */
  readonly id: string;
  readonly base: Record<string, unknown>;
  readonly head: Record<string, unknown>;
  /** Why the real provider cannot check this case offline. */
  readonly skip?: string;
  /** Other resources of the configurations (what `r` refers to), each in the prior state with its id; no `base`: created by the change. */
  readonly beside?: readonly { readonly type: string; readonly name: string; readonly id: string; readonly base?: Record<string, unknown>; readonly head: Record<string, unknown> }[];
}

const P = { project: 'check-project' };
const subnet = (ip_cidr_range: string, name = 'nodes') => ({ ...P, name, region: 'us-central1', network: 'projects/check-project/global/networks/vpc', ip_cidr_range });
const cluster = (extra: Record<string, unknown> = {}) => ({ ...P, name: 'gke', location: 'us-central1', initial_node_count: 1, deletion_protection: false, ...extra });
const address = (extra: Record<string, unknown> = {}) => ({ ...P, name: 'gw-ip', region: 'us-central1', address_type: 'EXTERNAL', network_tier: 'PREMIUM', ...extra });
const record = (extra: Record<string, unknown> = {}) => ({ ...P, managed_zone: 'wti-net', name: 'conductor.wti.net.', type: 'A', ttl: 300, rrdatas: ['203.0.113.10'], ...extra });
const bucket = (extra: Record<string, unknown> = {}) => ({ ...P, name: 'check-tfstate', location: 'US', force_destroy: false, ...extra });
const sa = (extra: Record<string, unknown> = {}) => ({ ...P, account_id: 'gke-dns01', display_name: 'dns01', ...extra });
const role = (extra: Record<string, unknown> = {}) => ({ ...P, role_id: 'dns01Solver', title: 'dns01', permissions: ['dns.changes.create'], ...extra });
const member = (extra: Record<string, unknown> = {}) => ({ ...P, role: 'roles/dns.reader', member: 'serviceAccount:a@check-project.iam.gserviceaccount.com', ...extra });
const zone = (extra: Record<string, unknown> = {}) => ({ ...P, name: 'wti-net', dns_name: 'wti.net.', ...extra });
const service = (name: string, extra: Record<string, unknown> = {}) => ({ ...P, service: `${name}.googleapis.com`, disable_on_destroy: false, ...extra });
/** A managed zone `r` whose `lifecycle.replace_triggered_by` names `item`, beside a project service `api` that the change edits. */
const triggerCase = (name: string, item: string, api: Record<string, unknown>): ReplacementCase => ({
  name, type: 'google_dns_managed_zone', id: 'projects/check-project/managedZones/wti-net',
  base: zone({ lifecycle: { replace_triggered_by: [item] } }), head: zone({ lifecycle: { replace_triggered_by: [item] } }),
  beside: [{ type: 'google_project_service', name: 'api', id: 'check-project/dns.googleapis.com', base: service('dns'), head: api }],
});
const ids = {
  subnet: 'projects/check-project/regions/us-central1/subnetworks/nodes',
  cluster: 'projects/check-project/locations/us-central1/clusters/gke',
  address: 'projects/check-project/regions/us-central1/addresses/gw-ip',
};

export const REPLACEMENT_CASES: readonly ReplacementCase[] = [
  { name: 'subnet-range-shrink', type: 'google_compute_subnetwork', id: ids.subnet, base: subnet('10.10.0.0/20'), head: subnet('10.10.0.0/22') },
  { name: 'subnet-range-expand', type: 'google_compute_subnetwork', id: ids.subnet, base: subnet('10.10.0.0/22'), head: subnet('10.10.0.0/20') },
  { name: 'subnet-range-elsewhere', type: 'google_compute_subnetwork', id: ids.subnet, base: subnet('10.10.0.0/20'), head: subnet('10.12.0.0/20') },
  { name: 'subnet-rename', type: 'google_compute_subnetwork', id: ids.subnet, base: subnet('10.10.0.0/20'), head: subnet('10.10.0.0/20', 'nodes-2') },
  { name: 'network-routing-mode', type: 'google_compute_network', id: 'projects/check-project/global/networks/vpc', base: { ...P, name: 'vpc', auto_create_subnetworks: false, routing_mode: 'REGIONAL' }, head: { ...P, name: 'vpc', auto_create_subnetworks: false, routing_mode: 'GLOBAL' } },
  { name: 'network-rename', type: 'google_compute_network', id: 'projects/check-project/global/networks/vpc', base: { ...P, name: 'vpc', auto_create_subnetworks: false }, head: { ...P, name: 'vpc-2', auto_create_subnetworks: false } },
  { name: 'address-rename', type: 'google_compute_address', id: ids.address, base: address(), head: address({ name: 'gw-ip-2' }) },
  { name: 'address-description', type: 'google_compute_address', id: ids.address, base: address({ description: 'a' }), head: address({ description: 'b' }) },
  // lifecycle.ignore_changes: the named attribute keeps its prior value, so nothing is planned.
  { name: 'address-description-ignored', type: 'google_compute_address', id: ids.address, base: address({ description: 'a', lifecycle: { ignore_changes: ['description'] } }), head: address({ description: 'b', lifecycle: { ignore_changes: ['description'] } }) },
  { name: 'subnet-range-shrink-ignored', type: 'google_compute_subnetwork', id: ids.subnet, base: { ...subnet('10.10.0.0/20'), lifecycle: { ignore_changes: 'all' } }, head: { ...subnet('10.10.0.0/22'), lifecycle: { ignore_changes: 'all' } } },
  { name: 'cluster-rename', type: 'google_container_cluster', id: ids.cluster, base: cluster(), head: cluster({ name: 'gke-2' }) },
  { name: 'cluster-l4-subsetting-off', type: 'google_container_cluster', id: ids.cluster, base: cluster({ enable_l4_ilb_subsetting: true }), head: cluster({ enable_l4_ilb_subsetting: false }) },
  { name: 'cluster-l4-subsetting-on', type: 'google_container_cluster', id: ids.cluster, base: cluster({ enable_l4_ilb_subsetting: false }), head: cluster({ enable_l4_ilb_subsetting: true }) },
  { name: 'cluster-fqdn-policy-off', type: 'google_container_cluster', id: ids.cluster, base: cluster({ enable_fqdn_network_policy: true }), head: cluster({ enable_fqdn_network_policy: false }) },
  { name: 'cluster-beta-api-removed', type: 'google_container_cluster', id: ids.cluster, base: cluster({ enable_k8s_beta_apis: { enabled_apis: ['storage.k8s.io/v1beta1/csistoragecapacities'] } }), head: cluster({ enable_k8s_beta_apis: { enabled_apis: [] } }) },
  { name: 'cluster-autopilot-additive-dns', type: 'google_container_cluster', id: ids.cluster, base: { ...P, name: 'gke', location: 'us-central1', enable_autopilot: true, deletion_protection: false, dns_config: { additive_vpc_scope_dns_domain: 'a.example' } }, head: { ...P, name: 'gke', location: 'us-central1', enable_autopilot: true, deletion_protection: false, dns_config: { additive_vpc_scope_dns_domain: 'b.example' } } },
  { name: 'cluster-release-channel', type: 'google_container_cluster', id: ids.cluster, base: cluster({ release_channel: { channel: 'REGULAR' } }), head: cluster({ release_channel: { channel: 'STABLE' } }) },
  { name: 'router-nat-log-filter', type: 'google_compute_router_nat', id: 'check-project/us-central1/router/nat', base: { ...P, name: 'nat', region: 'us-central1', router: 'router', nat_ip_allocate_option: 'AUTO_ONLY', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES', log_config: { enable: true, filter: 'ERRORS_ONLY' } }, head: { ...P, name: 'nat', region: 'us-central1', router: 'router', nat_ip_allocate_option: 'AUTO_ONLY', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES', log_config: { enable: true, filter: 'ALL' } } },
  { name: 'record-rrdatas', type: 'google_dns_record_set', id: 'projects/check-project/managedZones/wti-net/rrsets/conductor.wti.net./A', base: record(), head: record({ rrdatas: ['203.0.113.20'] }) },
  { name: 'record-rename', type: 'google_dns_record_set', id: 'projects/check-project/managedZones/wti-net/rrsets/conductor.wti.net./A', base: record(), head: record({ name: 'mcp.wti.net.' }) },
  { name: 'zone-description', type: 'google_dns_managed_zone', id: 'projects/check-project/managedZones/wti-net', base: zone({ description: 'a' }), head: zone({ description: 'b' }) },
  { name: 'service-account-display-name', type: 'google_service_account', id: 'projects/check-project/serviceAccounts/gke-dns01@check-project.iam.gserviceaccount.com', base: sa(), head: sa({ display_name: 'dns01 solver' }) },
  { name: 'service-account-rename', type: 'google_service_account', id: 'projects/check-project/serviceAccounts/gke-dns01@check-project.iam.gserviceaccount.com', base: sa(), head: sa({ account_id: 'gke2-dns01' }) },
  { name: 'custom-role-permissions', type: 'google_project_iam_custom_role', id: 'projects/check-project/roles/dns01Solver', base: role(), head: role({ permissions: ['dns.changes.create', 'dns.changes.get'] }) },
  { name: 'project-iam-member-role', type: 'google_project_iam_member', id: 'check-project/roles/dns.reader/serviceAccount:a@check-project.iam.gserviceaccount.com', base: member(), head: member({ role: 'roles/dns.admin' }) },
  { name: 'bucket-location', type: 'google_storage_bucket', id: 'check-tfstate', base: bucket(), head: bucket({ location: 'EU' }) },
  { name: 'bucket-retention-unlocked', type: 'google_storage_bucket', id: 'check-tfstate', base: bucket({ retention_policy: { retention_period: 3600, is_locked: true } }), head: bucket({ retention_policy: { retention_period: 3600, is_locked: false } }) },
  { name: 'project-service', type: 'google_project_service', id: 'check-project/dns.googleapis.com', base: service('dns'), head: service('iam') },
  // lifecycle.replace_triggered_by (Terraform's EvaluateReplaceTriggeredBy): an update or replacement
  // of the resource, or a change of the attribute, replaces `r`; a value that stays, or a creation, does not.
  triggerCase('zone-triggered-by-updated-service', 'google_project_service.api', service('dns', { disable_on_destroy: true })),
  triggerCase('zone-triggered-by-changed-attribute', 'google_project_service.api.disable_on_destroy', service('dns', { disable_on_destroy: true })),
  triggerCase('zone-kept-when-attribute-stays', 'google_project_service.api.service', service('dns', { disable_on_destroy: true })),
  triggerCase('zone-kept-when-computed-attribute-stays', 'google_project_service.api.id', service('dns', { disable_on_destroy: true })),
  triggerCase('zone-triggered-by-replaced-service-id', 'google_project_service.api.id', service('iam')),
  triggerCase('zone-kept-when-replaced-service-literal-stays', 'google_project_service.api.disable_on_destroy', service('iam')),
  {
    name: 'zone-kept-when-trigger-is-created', type: 'google_dns_managed_zone', id: 'projects/check-project/managedZones/wti-net',
    base: zone(), head: zone({ lifecycle: { replace_triggered_by: ['google_project_service.api'] } }),
    beside: [{ type: 'google_project_service', name: 'api', id: 'check-project/iam.googleapis.com', head: service('iam') }],
  },
  {
    name: 'helm-release-namespace', type: 'helm_release', id: 'eg', base: { name: 'eg', namespace: 'envoy-gateway-system', chart: 'gateway-helm' }, head: { name: 'eg', namespace: 'eg', chart: 'gateway-helm' },
    skip: 'the helm provider plans by pulling the chart from its repository and talking to the cluster (ModifyPlan, helm/resource_helm_release.go v3.1.1): not offline',
  },
];

const block = (type: string, name: string, body: Record<string, unknown>): TerraformBlock => ({ stack: 'check', kind: type, address: `${type}.${name}`, mode: 'managed', type, body });
const blocks = (c: ReplacementCase, side: 'base' | 'head') => [block(c.type, 'r', c[side]), ...(c.beside ?? []).flatMap((o) => (o[side] ? [block(o.type, o.name, o[side])] : []))];

/** What `npm run diff` predicts Terraform plans for `r`: its actions, and the attribute paths that force replacement. */
export function predict(c: ReplacementCase): { actions: string[]; replacePaths: string[] } {
  const change = diffTerraform(blocks(c, 'base'), blocks(c, 'head')).find((x) => x.block.address === `${c.type}.r`);
  if (!change) return { actions: ['no-op'], replacePaths: [] };
  if (change.action !== 'replace') return { actions: ['update'], replacePaths: [] };
  const conditional = conditionalReplacements(c.type);
  const forced = diffFields(c.base, c.head).map((f) => attributePath(f.path)).filter((p) => forcesReplacement(c.type, p) !== undefined
    || conditional.some((r) => r.attribute === p && r.replaces(lookup(c.base, p), lookup(c.head, p))));
  return { actions: ['delete', 'create'], replacePaths: [...new Set(forced)].sort() };
}

function lookup(body: Record<string, unknown>, attribute: string): unknown {
  return attribute.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);
}
