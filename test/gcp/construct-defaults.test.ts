import { Testing } from 'cdktf';
import { AutopilotCluster } from '../../src/gcp/constructs/autopilot-cluster';
import { DnsZone } from '../../src/gcp/constructs/dns-zone';
import { StaticIp } from '../../src/gcp/constructs/static-ip';

// The constructs' own defaults, for whoever uses one without stating every choice (the stacks always
// pass the config's values): the secure or plan-given choice, not whatever the provider defaults to.

const resources = (build: (scope: import('constructs').Construct) => void): Record<string, Record<string, any>> =>
  JSON.parse(Testing.synthScope(build)).resource;

test('a cluster left to its defaults: deletion-protected, REGULAR channel, reachable only through the DNS endpoint', () => {
  const { google_container_cluster: clusters } = resources((scope) => new AutopilotCluster(scope, 'edge', {
    projectId: 'p-123456', name: 'edge', region: 'us-central1', networkId: 'net', subnetworkId: 'sub',
    podsRangeName: 'pods', servicesRangeName: 'services', nodeServiceAccountEmail: 'n@p-123456.iam.gserviceaccount.com',
  }));
  const [cluster] = Object.values(clusters);
  expect(cluster.deletion_protection).toBe(true);
  expect(cluster.release_channel).toEqual({ channel: 'REGULAR' });
  expect(cluster.control_plane_endpoints_config.dns_endpoint_config.allow_external_traffic).toBe(true);
  expect(cluster.private_cluster_config.enable_private_endpoint).toBe(true);
});

test('an address left to its defaults is on the Premium tier', () => {
  const { google_compute_address: addresses } = resources((scope) => new StaticIp(scope, 'ip', { projectId: 'p-123456', name: 'edge-gw-ip', region: 'us-central1' }));
  expect(Object.values(addresses)[0]).toMatchObject({ name: 'edge-gw-ip', address_type: 'EXTERNAL', network_tier: 'PREMIUM' });
});

test('a zone left to its defaults is created (not looked up)', () => {
  const synthesized = resources((scope) => new DnsZone(scope, 'zone', { projectId: 'p-123456', name: 'wti-net', dnsName: 'wti.net.' }));
  expect(Object.values(synthesized.google_dns_managed_zone)[0]).toMatchObject({ name: 'wti-net', dns_name: 'wti.net.' });
});
