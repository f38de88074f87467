import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/config/repo-root';
import { ENVOY_GATEWAY_RELEASES } from '../../src/config/releases';
import { crdUpgradeCommand } from '../../src/gcp/commands';
import { Testing } from 'cdktf';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { resolve } from '../../src/config/model';
import { names } from '../../src/config/names';
import { dns01KeyCommands, getCredentialsCommand } from '../../src/gcp/commands';
import { NODE_ROLE } from '../../src/gcp/constructs/node-service-account';
import { DNS01_PERMISSIONS } from '../../src/gcp/constructs/dns01-identity';
import { BASE_YAML, KEY_MODE_YAML, addressOf, allStrings, config, dataSources, resources, synthAll, type Synthesized } from './fixtures';

Testing.setupJest();

const wiConfig = config(BASE_YAML);
const keyConfig = config(KEY_MODE_YAML);
const wiNames = names(wiConfig);
let wi: Synthesized;
let key: Synthesized;

beforeAll(() => {
  wi = synthAll(wiConfig);
  key = synthAll(keyConfig);
});

const platform = () => wi.json.platform;
/** BASE_YAML with more lines in its cluster: or dns: section (indented by two spaces). */
const withCluster = (lines: string) => config(BASE_YAML.replace('  name: wti-ai-autopilot\n', `  name: wti-ai-autopilot\n${lines}`));
const withDns = (lines: string) => config(BASE_YAML.replace('  zoneName: wti-net\n', `  zoneName: wti-net\n${lines}`));
/** The DNS-01 GSA's address (the node GSA is the other one). */
const dns01Sa = (stack: any) => addressOf(stack, 'google_service_account', (b) => b.display_name === 'cert-manager DNS-01 solver');
const dns01SaBody = (stack: any) => resources(stack, 'google_service_account').find((b) => b.display_name === 'cert-manager DNS-01 solver');

describe('platform stack (workload identity, default config)', () => {
  test('snapshot', () => {
    expect(wi.text.platform).toMatchSnapshot();
  });

  test('the cluster is regional Autopilot with private nodes, VPC-native and deletion-protected', () => {
    expect(wi.text.platform).toHaveResourceWithProperties(ContainerCluster, {
      name: 'wti-ai-autopilot',
      location: 'us-central1',
      enable_autopilot: true,
      deletion_protection: true,
      release_channel: { channel: 'REGULAR' },
      private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true },
    });
    const [cluster] = resources(platform(), 'google_container_cluster');
    for (const forbidden of ['node_config', 'remove_default_node_pool', 'network_policy', 'workload_identity_config', 'node_pool']) {
      expect(cluster).not.toHaveProperty(forbidden);
    }
  });

  test('the control plane is closed by default: DNS endpoint with IAM, no public IP endpoint, no authorized public ranges', () => {
    const [cluster] = resources(platform(), 'google_container_cluster');
    expect(cluster.control_plane_endpoints_config).toEqual({ dns_endpoint_config: { allow_external_traffic: true } });
    expect(cluster.private_cluster_config.enable_private_endpoint).toBe(true);
    // No cidr_blocks: only the VPC reaches the (private) IP endpoint; Google Cloud's public ranges never.
    expect(cluster.master_authorized_networks_config).toEqual({ gcp_public_cidrs_access_enabled: false });
    expect(getCredentialsCommand(wiConfig)).toMatch(/ --dns-endpoint$/);
  });

  test('no control-plane CIDR in any mode: a set master_ipv4_cidr_block asks GKE for the legacy VPC-peering control plane', () => {
    const publicIp = synthAll(withCluster('  controlPlane:\n    access: public-ip\n    authorizedNetworks: [{cidr: 203.0.113.0/24, name: office}]\n'));
    for (const stack of [platform(), key.json.platform, publicIp.json.platform]) {
      const [cluster] = resources(stack, 'google_container_cluster');
      expect(Object.keys(cluster.private_cluster_config).sort()).toEqual(['enable_private_endpoint', 'enable_private_nodes']);
    }
    expect(resources(publicIp.json.platform, 'google_container_cluster')[0].private_cluster_config.enable_private_endpoint).toBe(false);
    expect(() => withCluster('  network:\n    masterCidr: 172.16.0.0/28\n')).toThrow(/cluster\.network.*masterCidr/);
  });

  test('the cluster carries the environment label and the configured ones; flow logs are off unless chosen', () => {
    const [cluster] = resources(platform(), 'google_container_cluster');
    expect(cluster.resource_labels).toEqual({ environment: 'default' });
    expect(resources(platform(), 'google_compute_subnetwork')[0]).not.toHaveProperty('log_config');
    const chosen = synthAll(config(`environment: staging\n${BASE_YAML.replace('  name: wti-ai-autopilot\n', '  name: wti-ai-autopilot\n  labels: {team: platform, cost-center: edge}\n  network: {flowLogs: true}\n')}`)).json['staging-platform'];
    expect(resources(chosen, 'google_container_cluster')[0].resource_labels).toEqual({ team: 'platform', 'cost-center': 'edge', environment: 'staging' });
    expect(resources(chosen, 'google_compute_subnetwork')[0].log_config).toEqual({ aggregation_interval: 'INTERVAL_5_MIN', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' });
  });

  test('the created zone is DNSSEC-signed by default and its active DS record is an approval-gate output', () => {
    const [zone] = resources(platform(), 'google_dns_managed_zone');
    expect(zone.dnssec_config).toEqual({ state: 'on' });
    const zoneAddress = addressOf(platform(), 'google_dns_managed_zone');
    const [keys] = dataSources(platform(), 'google_dns_keys');
    expect(keys.managed_zone).toBe(`\${${zoneAddress}.id}`);
    const ds = platform().output.dns_zone_ds_record;
    expect(ds.value).toMatch(/^\$\{join\("\\n", \[ for key, val in toset\(data\.google_dns_keys\.[^.]+\.key_signing_keys\): val\.ds_record if val\.is_active\]\)\}$/);
    expect(ds.description).toMatch(/^APPROVAL GATE: .* publish this DS record at the registrar/);
    // Off is written out, so turning DNSSEC off shows in a diff; then there is no DS record to publish.
    const off = synthAll(withDns('  dnssec: false\n')).json.platform;
    expect(resources(off, 'google_dns_managed_zone')[0].dnssec_config).toEqual({ state: 'off' });
    expect(off.output).not.toHaveProperty('dns_zone_ds_record');
    expect(off.data ?? {}).not.toHaveProperty('google_dns_keys');
  });

  test('the cluster decides who owns the Gateway API CRDs: disabled in GKE, so the CRD command installs the standard channel', () => {
    const [cluster] = resources(platform(), 'google_container_cluster');
    expect(wiConfig.addons.envoyGateway.gatewayApiCrds).toBe('install');
    expect(cluster.gateway_api_config).toEqual({ channel: 'CHANNEL_DISABLED' });
  });

  test('nodes run as a dedicated service account holding only the node role, granted before the cluster exists', () => {
    const [cluster] = resources(platform(), 'google_container_cluster');
    const nodeSa = addressOf(platform(), 'google_service_account', (b) => b.account_id === wiNames.nodeServiceAccountId);
    expect(wiNames.nodeServiceAccountId).toBe('wti-ai-autopilot-nodes');
    expect(cluster.cluster_autoscaling).toEqual({
      auto_provisioning_defaults: { service_account: `\${${nodeSa}.email}`, oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'] },
    });
    const grants = resources(platform(), 'google_project_iam_member');
    expect(grants).toEqual([expect.objectContaining({ project: 'wti-ai-platform', role: NODE_ROLE, member: `\${${nodeSa}.member}` })]);
    expect(cluster.depends_on).toContain(addressOf(platform(), 'google_project_iam_member'));
  });

  test("the cluster's secondary ranges exist on its subnet, with the configured CIDRs", () => {
    const [cluster] = resources(platform(), 'google_container_cluster');
    const [subnet] = resources(platform(), 'google_compute_subnetwork');
    const ranges = Object.fromEntries(subnet.secondary_ip_range.map((r: any) => [r.range_name, r.ip_cidr_range]));
    expect(ranges).toEqual({ [wiNames.podsRange]: '10.16.0.0/14', [wiNames.servicesRange]: '10.20.0.0/20' });
    expect(ranges).toHaveProperty([cluster.ip_allocation_policy.cluster_secondary_range_name]);
    expect(ranges).toHaveProperty([cluster.ip_allocation_policy.services_secondary_range_name]);
    expect(cluster.subnetwork).toBe(`\${${addressOf(platform(), 'google_compute_subnetwork')}.id}`);
    expect(subnet).toMatchObject({ name: wiNames.subnet, region: 'us-central1', ip_cidr_range: '10.10.0.0/20', private_ip_google_access: true });
  });

  test('the VPC is custom-mode and private nodes get Cloud NAT', () => {
    const [vpc] = resources(platform(), 'google_compute_network');
    expect(vpc).toMatchObject({ name: wiNames.network, auto_create_subnetworks: false });
    const [router] = resources(platform(), 'google_compute_router');
    const [nat] = resources(platform(), 'google_compute_router_nat');
    expect(router).toMatchObject({ name: wiNames.router, region: 'us-central1' });
    expect(nat).toMatchObject({ name: wiNames.nat, region: 'us-central1', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' });
  });

  test('the static IP is regional, EXTERNAL, in the cluster region and named as the cdk8s side expects', () => {
    expect(wiNames.addressName).toBe('wti-ai-autopilot-gw-ip');
    expect(wi.text.platform).toHaveResourceWithProperties(ComputeAddress, {
      name: wiNames.addressName,
      region: 'us-central1',
      address_type: 'EXTERNAL',
      network_tier: 'PREMIUM',
    });
    expect(platform().resource).not.toHaveProperty('google_compute_global_address');
    const [cluster] = resources(platform(), 'google_container_cluster');
    const [address] = resources(platform(), 'google_compute_address');
    expect(address.region).toBe(cluster.location);
    // Its description names the Gateway but cannot change in place: set at creation only.
    expect(address.description).toBe('Envoy Gateway wti-ai/conductor-gateway on cluster wti-ai-autopilot');
    expect(address.lifecycle).toEqual({ ignore_changes: ['description'] });
  });

  test('APIs stay enabled on destroy, and resources depend on them', () => {
    const services = resources(platform(), 'google_project_service');
    expect(services.map((s) => s.service).sort()).toEqual([
      'cloudresourcemanager.googleapis.com', 'compute.googleapis.com', 'container.googleapis.com',
      'dns.googleapis.com', 'iam.googleapis.com', 'iamcredentials.googleapis.com',
    ]);
    for (const s of services) expect(s).toMatchObject({ disable_on_destroy: false, disable_dependent_services: false, project: 'wti-ai-platform' });
    const serviceAddresses = Object.keys(platform().resource.google_project_service).map((k) => `google_project_service.${k}`);
    for (const type of ['google_container_cluster', 'google_compute_network', 'google_compute_address', 'google_dns_managed_zone', 'google_service_account', 'google_project_iam_custom_role']) {
      const [body] = resources(platform(), type);
      expect(body.depends_on).toEqual(expect.arrayContaining(serviceAddresses));
    }
  });

  test('the DNS zone is created for the domain, never force-destroyed, and its name servers are output', () => {
    expect(wi.text.platform).toHaveResourceWithProperties(DnsManagedZone, { name: 'wti-net', dns_name: 'wti.net.', visibility: 'public', force_destroy: false });
    expect(platform().output.dns_zone_name_servers.value).toBe(`\${${addressOf(platform(), 'google_dns_managed_zone')}.name_servers}`);
  });

  test('the DNS-01 role lists exactly what the solver calls with hostedZoneName, and is granted on the zone only', () => {
    const [role] = resources(platform(), 'google_project_iam_custom_role');
    expect(role.role_id).toBe(wiNames.dns01CustomRoleId);
    expect(role.permissions).toEqual([...DNS01_PERMISSIONS]);
    // ResourceRecordSets.List, Changes.Create (add/replace/delete TXT), Changes.Get: nothing else.
    expect([...role.permissions].sort()).toEqual([
      'dns.changes.create', 'dns.changes.get', 'dns.resourceRecordSets.create', 'dns.resourceRecordSets.delete',
      'dns.resourceRecordSets.list', 'dns.resourceRecordSets.update',
    ]);
    for (const p of role.permissions) expect(p).toMatch(/^dns\.(resourceRecordSets|changes)\.[a-z]+$/);
    expect(role.permissions).not.toContain('dns.managedZones.list');

    const grants = resources(platform(), 'google_dns_managed_zone_iam_member');
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      managed_zone: `\${${addressOf(platform(), 'google_dns_managed_zone')}.name}`,
      role: `\${${addressOf(platform(), 'google_project_iam_custom_role')}.name}`,
      member: `\${${dns01Sa(platform())}.member}`,
    });
  });

  test('the GSA is the one cdk8s expects, and Workload Identity binds the cert-manager KSA after the cluster', () => {
    const gsa = dns01SaBody(platform());
    expect(`${gsa.account_id}@${gsa.project}.iam.gserviceaccount.com`).toBe(wiNames.dns01ServiceAccountEmail);
    const [binding] = resources(platform(), 'google_service_account_iam_member');
    expect(binding).toMatchObject({
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:wti-ai-platform.svc.id.goog[cert-manager/cert-manager]',
      service_account_id: `\${${dns01Sa(platform())}.name}`,
    });
    expect(binding.member).toBe(wiNames.workloadIdentityMember);
    expect(binding.depends_on).toContain(addressOf(platform(), 'google_container_cluster'));
  });

  test('names agree with the cdk8s side: issuer project, hostedZoneName, GSA email, address name', () => {
    const [zone] = resources(platform(), 'google_dns_managed_zone');
    const gsa = dns01SaBody(platform());
    const [address] = resources(platform(), 'google_compute_address');
    // ClusterIssuer cloudDNS.project and hostedZoneName come from config.project.id and config.dns.zoneName.
    expect(zone).toMatchObject({ project: wiConfig.project.id, name: wiConfig.dns.zoneName });
    expect(gsa.project).toBe(wiConfig.project.id);
    expect(address.name).toBe(wiNames.addressName);
    expect(platform().provider.google[0].project).toBe(wiConfig.project.id);
  });

  test('outputs: cluster, address, name servers, DS record, GSA email, the CRD command; no key commands in WI mode', () => {
    expect(Object.keys(platform().output).sort()).toEqual([
      'cluster_location', 'cluster_name', 'dns01_service_account_email', 'dns_zone_ds_record', 'dns_zone_name_servers', 'envoy_gateway_crds_command', 'gateway_address',
    ]);
  });

  test('the CRD command applies the pinned release\'s CRDs server-side, Gateway API\'s standard channel unless GKE owns them', () => {
    const command = platform().output.envoy_gateway_crds_command.value as string;
    expect(command).toBe(crdUpgradeCommand(wiConfig));
    expect(command.split('\n')).toEqual([
      'gcloud container clusters get-credentials wti-ai-autopilot --location=us-central1 --project=wti-ai-platform --dns-endpoint',
      'helm template eg-crds oci://docker.io/envoyproxy/gateway-crds-helm --version v1.9.0 --set crds.gatewayAPI.enabled=true --set crds.gatewayAPI.channel=standard --set crds.envoyGateway.enabled=true | kubectl apply --server-side --force-conflicts -f -',
    ]);
    const gkeManaged = { ...wiConfig, addons: { ...wiConfig.addons, envoyGateway: { ...wiConfig.addons.envoyGateway, gatewayApiCrds: 'gke-managed' as const } } };
    expect(crdUpgradeCommand(gkeManaged)).toContain('--set crds.gatewayAPI.enabled=false --set crds.envoyGateway.enabled=true');
    // One channel everywhere: the one the pinned CRDs in crds/ carry, and no mode ever asks for another.
    const pinned = fs.readFileSync(path.join(REPO_ROOT, `crds/gateway-api-${ENVOY_GATEWAY_RELEASES[wiConfig.addons.envoyGateway.version].gatewayApi}/gateway.networking.k8s.io_gateways.yaml`), 'utf8');
    expect(pinned).toContain('gateway.networking.k8s.io/channel: standard');
    for (const c of [wiConfig, gkeManaged, keyConfig]) expect(crdUpgradeCommand(c)).not.toMatch(/experimental|channel=(?!standard)/);
  });
});

describe('platform stack (service-account-key mode, existing zone, gke-managed CRDs)', () => {
  const keyPlatform = () => key.json.platform;

  test('snapshot', () => {
    expect(key.text.platform).toMatchSnapshot();
  });

  test('same GSA and zone grant, no Workload Identity binding', () => {
    expect(dns01SaBody(keyPlatform())).toBeDefined();
    expect(resources(keyPlatform(), 'google_dns_managed_zone_iam_member')).toHaveLength(1);
    expect(keyPlatform().resource).not.toHaveProperty('google_service_account_iam_member');
    expect(resources(keyPlatform(), 'google_project_service').map((s) => s.service)).not.toContain('iamcredentials.googleapis.com');
  });

  test('the existing zone is looked up by name, never created', () => {
    expect(keyPlatform().resource).not.toHaveProperty('google_dns_managed_zone');
    expect(dataSources(keyPlatform(), 'google_dns_managed_zone')).toEqual([expect.objectContaining({ name: 'wti-net' })]);
    const [grant] = resources(keyPlatform(), 'google_dns_managed_zone_iam_member');
    expect(grant.managed_zone).toMatch(/^\$\{data\.google_dns_managed_zone\.[^.]+\.name\}$/);
  });

  test('GKE owns the Gateway API CRDs', () => {
    const [cluster] = resources(keyPlatform(), 'google_container_cluster');
    expect(cluster.gateway_api_config).toEqual({ channel: 'CHANNEL_STANDARD' });
    expect(resources(platform(), 'google_container_cluster')[0].gateway_api_config).toEqual({ channel: 'CHANNEL_DISABLED' });
    expect(keyPlatform().output.envoy_gateway_crds_command.value).toContain('--set crds.gatewayAPI.enabled=false --set crds.envoyGateway.enabled=true');
    expect(keyPlatform().output.envoy_gateway_crds_command.description).toMatch(/GKE owns the Gateway API CRDs/);
  });

  test('an existing zone gets no DNSSEC setting from here, and setting one is refused', () => {
    expect(keyPlatform().data).not.toHaveProperty('google_dns_keys');
    expect(keyPlatform().output).not.toHaveProperty('dns_zone_ds_record');
    expect(() => config(KEY_MODE_YAML.replace('  createZone: false\n', '  createZone: false\n  dnssec: true\n'))).toThrow(/dns\.dnssec: is only used with createZone: true/);
  });

  test('the key commands are an output, rendered by dns01KeyCommands, and create the Secret in the cert-manager namespace', () => {
    const commands = dns01KeyCommands(resolve(keyConfig));
    expect(keyPlatform().output.dns01_key_commands.value).toBe(commands);
    expect(commands).toContain('--iam-account=wti-ai-autopilot-dns01@wti-ai-platform.iam.gserviceaccount.com');
    expect(commands).toContain('kubectl create secret generic clouddns-dns01-svc-acct -n cert-manager --from-file=key.json="$KEY_DIR/key.json"');
  });

  test('the key commands are portable and idempotent: no second key while the Secret exists, no orphaned key, no shred', () => {
    const lines = dns01KeyCommands(resolve(keyConfig)).split('\n');
    expect(lines.join('\n')).not.toMatch(/\bshred\b/);
    // The key is created only in the branch where the Secret does not exist yet.
    const guard = lines.findIndex((l) => l === 'if kubectl get secret clouddns-dns01-svc-acct -n cert-manager >/dev/null 2>&1; then');
    const create = lines.findIndex((l) => l.includes('gcloud iam service-accounts keys create'));
    const elseAt = lines.indexOf('else');
    expect(guard).toBeGreaterThan(0);
    expect(create).toBeGreaterThan(elseAt);
    expect(elseAt).toBeGreaterThan(guard);
    expect(lines.at(-1)).toBe('fi');
    // A failed Secret creation deletes the key it just made; the temp folder is always removed.
    expect(lines.join('\n')).toMatch(/kubectl create secret generic [^\n]*\\\n\s*\|\| gcloud iam service-accounts keys delete "\$\(sed -n /);
    expect(lines).toContain('  rm -rf "$KEY_DIR"');
    expect(lines).toContain('  KEY_DIR="$(mktemp -d)"');
  });
});

describe('never, in any stack of either mode', () => {
  const all = () => [wi, key].flatMap((s) => Object.values(s.json));

  test('no service account key resource', () => {
    for (const stack of all()) {
      expect(stack.resource ?? {}).not.toHaveProperty('google_service_account_key');
      expect(stack.data ?? {}).not.toHaveProperty('google_service_account_key');
    }
  });

  test('no owner/editor/dns.admin, no wildcard permissions, no project-level IAM grant but the node role', () => {
    for (const stack of all()) {
      const strings = allStrings(stack);
      for (const role of ['roles/owner', 'roles/editor', 'roles/dns.admin']) expect(strings).not.toContain(role);
      for (const type of ['google_project_iam_binding', 'google_project_iam_policy']) {
        expect(stack.resource ?? {}).not.toHaveProperty(type);
      }
      // The one project-level grant: nodes write the project's logs and metrics.
      for (const grant of resources(stack, 'google_project_iam_member')) {
        expect(grant.role).toBe(NODE_ROLE);
        expect(grant.member).toBe(`\${${addressOf(stack, 'google_service_account', (b) => b.account_id === wiNames.nodeServiceAccountId)}.member}`);
      }
      for (const role of resources(stack, 'google_project_iam_custom_role')) {
        for (const p of role.permissions) expect(p).not.toContain('*');
      }
    }
  });
});
