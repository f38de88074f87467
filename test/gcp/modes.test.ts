import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../src/config/load';
import { REPO_ROOT } from '../../src/config/repo-root';
import { names } from '../../src/config/names';
import type { Config } from '../../src/config/schema';
import { acmeChallengeCnameRecords, getCredentialsCommand } from '../../src/gcp/commands';
import { synthesize } from '../support/k8s-output';
import { modelProblems } from '../support/k8s-models';
import { addressOf, dataSources, resources, synthAll } from './fixtures';

// The hardening modes, each from its example config (the examples are tests too).
const example = (file: string): Config =>
  parseConfig(readFileSync(path.join(REPO_ROOT, 'config/examples', file), 'utf8'), file, {});

const issuers = (cfg: Config) => synthesize(cfg).all('ClusterIssuer');

describe('dns.mode acme-cname, parent domain served elsewhere (config/examples/acme-cname.yaml)', () => {
  const cfg = example('acme-cname.yaml');
  const n = names(cfg);
  const s = synthAll(cfg);
  const platform = s.json.platform;

  test('the project zone serves only the challenge domain; the parent domain is never a zone here', () => {
    const zones = resources(platform, 'google_dns_managed_zone');
    expect(zones).toEqual([expect.objectContaining({ name: 'wti-net-acme', dns_name: 'acme.wti.net.', force_destroy: false })]);
    expect(JSON.stringify(s.json)).not.toMatch(/"dns_name":\s*"wti\.net\."/);
    expect(platform.output.dns_zone_name_servers.description).toContain('acme.wti.net');
  });

  test('the DNS-01 grant is on the challenge zone only', () => {
    const grants = resources(platform, 'google_dns_managed_zone_iam_member');
    expect(grants).toHaveLength(1);
    expect(grants[0].managed_zone).toBe(`\${${addressOf(platform, 'google_dns_managed_zone')}.name}`);
  });

  test('the ClusterIssuers follow CNAMEs into the challenge zone (hostedZoneName) for the parent domain, and pass the cert-manager schema', () => {
    for (const issuer of issuers(cfg)) {
      const [solver] = issuer.spec.acme.solvers;
      expect(solver.selector).toEqual({ dnsZones: ['wti.net'] });
      expect(solver.dns01.cnameStrategy).toBe('Follow');
      expect(solver.dns01.cloudDNS).toMatchObject({ project: 'wti-ai-platform', hostedZoneName: 'wti-net-acme' });
      expect(modelProblems(issuer)).toEqual([]);
    }
  });

  test('the CNAMEs the operator creates point into the challenge zone, one per hostname', () => {
    expect(n.acmeChallengeCnames).toEqual([{ id: 'conductor', name: '_acme-challenge.conductor.wti.net.', target: 'conductor-wti-net.acme.wti.net.' }]);
    for (const c of n.acmeChallengeCnames) expect(c.target.endsWith(`.${cfg.dns.challengeDomain}.`)).toBe(true);
    expect(platform.output.acme_challenge_cnames.value).toBe(acmeChallengeCnameRecords(names(cfg)));
    expect(platform.output.acme_challenge_cnames.value).toBe('_acme-challenge.conductor.wti.net. 300 IN CNAME conductor-wti-net.acme.wti.net.');
    expect(platform.output.acme_challenge_cnames.description).toMatch(/APPROVAL GATE/);
  });

  test('no record is created anywhere in the parent domain: the dns-records stack only prints the A records', () => {
    const records = s.json['dns-records'];
    expect(records.resource ?? {}).toEqual({});
    expect(records.data.google_dns_managed_zone).toBeUndefined();
    const [address] = Object.keys(records.data.google_compute_address);
    expect(records.output.a_records.value).toBe(`conductor.wti.net. 300 IN A \${data.google_compute_address.${address}.address}`);
    expect(resources(platform, 'google_dns_record_set')).toEqual([]);
  });
});

describe('dns.mode acme-cname with the parent zone in Cloud DNS (config/examples/acme-cname-parent-zone.yaml)', () => {
  const cfg = example('acme-cname-parent-zone.yaml');
  const s = synthAll(cfg);
  const platform = s.json.platform;

  test('the CNAMEs go into the existing parent zone, read by name and never managed', () => {
    expect(dataSources(platform, 'google_dns_managed_zone')).toEqual([expect.objectContaining({ name: 'wti-net' })]);
    const cnames = resources(platform, 'google_dns_record_set');
    expect(cnames.map((c) => [c.name, c.type, c.rrdatas])).toEqual([
      ['_acme-challenge.conductor.wti.net.', 'CNAME', ['conductor-wti-net.acme.wti.net.']],
      ['_acme-challenge.mcp.wti.net.', 'CNAME', ['mcp-wti-net.acme.wti.net.']],
    ]);
    for (const c of cnames) expect(c.managed_zone).toMatch(/^\$\{data\.google_dns_managed_zone\.[^.]+\.name\}$/);
    expect(platform.output.acme_challenge_cnames).toBeUndefined();
  });

  test('the DNS-01 identity still gets only the challenge zone, never the parent', () => {
    const [grant] = resources(platform, 'google_dns_managed_zone_iam_member');
    expect(grant.managed_zone).toBe(`\${${addressOf(platform, 'google_dns_managed_zone')}.name}`);
    expect(resources(platform, 'google_dns_managed_zone')[0].name).toBe('wti-net-acme');
  });

  test('the A records go into the parent zone through the approval-gated stack', () => {
    const records = s.json['dns-records'];
    expect(dataSources(records, 'google_dns_managed_zone')).toEqual([expect.objectContaining({ name: 'wti-net' })]);
    expect(resources(records, 'google_dns_record_set').map((r) => [r.name, r.type])).toEqual([['conductor.wti.net.', 'A'], ['mcp.wti.net.', 'A']]);
    expect(records.output).toBeUndefined();
  });
});

describe('dns.mode zone for one delegated name (config/examples/delegated-subdomain.yaml)', () => {
  const cfg = example('delegated-subdomain.yaml');
  const s = synthAll(cfg);

  test('the zone serves conductor.wti.net only; the A record is its apex; the solver needs no CNAMEs', () => {
    expect(resources(s.json.platform, 'google_dns_managed_zone')).toEqual([expect.objectContaining({ name: 'conductor-wti-net', dns_name: 'conductor.wti.net.' })]);
    expect(resources(s.json['dns-records'], 'google_dns_record_set').map((r) => r.name)).toEqual(['conductor.wti.net.']);
    for (const issuer of issuers(cfg)) {
      expect(issuer.spec.acme.solvers[0].dns01.cnameStrategy).toBeUndefined();
      expect(issuer.spec.acme.solvers[0].dns01.cloudDNS.hostedZoneName).toBe('conductor-wti-net');
    }
  });
});

describe('control plane on the public IP endpoint (config/examples/public-ip-control-plane.yaml)', () => {
  const cfg = example('public-ip-control-plane.yaml');
  const s = synthAll(cfg);
  const [cluster] = resources(s.json.platform, 'google_container_cluster');

  test('only the listed ranges reach the public endpoint; the DNS endpoint takes no user traffic', () => {
    expect(cluster.private_cluster_config.enable_private_endpoint).toBe(false);
    expect(cluster.master_authorized_networks_config).toEqual({
      gcp_public_cidrs_access_enabled: false,
      cidr_blocks: [{ cidr_block: '203.0.113.0/24', display_name: 'office' }, { cidr_block: '198.51.100.7/32', display_name: 'ci' }],
    });
    expect(cluster.control_plane_endpoints_config).toEqual({ dns_endpoint_config: { allow_external_traffic: false } });
  });

  test('Helm and get-credentials use the IP endpoint with the cluster CA', () => {
    const [helm] = s.json.addons.provider.helm;
    expect(helm.kubernetes.host).toMatch(/^https:\/\/\$\{data\.google_container_cluster\.[^.]+\.endpoint\}$/);
    expect(helm.kubernetes.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.google_container_cluster\..+cluster_ca_certificate\)\}$/);
    expect(helm.kubernetes.exec.args).toEqual(['--use_application_default_credentials']);
    expect(getCredentialsCommand(cfg)).not.toContain('--dns-endpoint');
  });
});

describe('gateway.address.ip (config/examples/pinned-ip.yaml)', () => {
  const cfg = example('pinned-ip.yaml');
  const s = synthAll(cfg);
  const ip = cfg.gateway.address.ip!;

  test('the reserved address pins the IP the Service asks for, and the A records carry it', () => {
    expect(resources(s.json.platform, 'google_compute_address')).toEqual([expect.objectContaining({ address: ip, address_type: 'EXTERNAL', region: 'us-central1' })]);
    const proxy = synthesize(cfg).find('EnvoyProxy');
    expect(proxy.spec.provider.kubernetes.envoyService.loadBalancerIP).toBe(ip);
    const records = resources(s.json['dns-records'], 'google_dns_record_set');
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r.rrdatas).toEqual([ip]);
  });

  test('name mode reserves whatever Google picks: no address field', () => {
    const s2 = synthAll(example('two-endpoints.yaml'));
    expect(resources(s2.json.platform, 'google_compute_address')[0]).not.toHaveProperty('address');
  });
});

describe('config errors for the new choices', () => {
  const base = readFileSync(path.join(REPO_ROOT, 'config/default.yaml'), 'utf8');
  const problems = (extra: string): string[] => {
    try {
      parseConfig(base.replace('cluster:\n  name: wti-ai-autopilot\n', `cluster:\n  name: wti-ai-autopilot\n${extra}`), 't.yaml', {});
      return [];
    } catch (e) {
      return (e as Error).message.split('\n');
    }
  };
  const dnsProblems = (extra: string): string[] => {
    try {
      parseConfig(base.replace('  zoneName: wti-net\n', `  zoneName: wti-net\n${extra}`), 't.yaml', {});
      return [];
    } catch (e) {
      return (e as Error).message.split('\n');
    }
  };

  test('a public IP endpoint needs authorized networks, never 0.0.0.0/0; DNS access takes none', () => {
    expect(problems('  controlPlane:\n    access: public-ip\n')).toEqual([expect.stringMatching(/^t\.yaml: cluster\.controlPlane\.authorizedNetworks: is required with access: public-ip/)]);
    expect(problems('  controlPlane:\n    access: public-ip\n    authorizedNetworks: [{cidr: 0.0.0.0/0, name: all}]\n'))
      .toEqual([expect.stringMatching(/cluster\.controlPlane\.authorizedNetworks\[0\]\.cidr: must not be a \/0/)]);
    expect(problems('  controlPlane:\n    authorizedNetworks: [{cidr: 203.0.113.0/24, name: office}]\n'))
      .toEqual([expect.stringMatching(/cluster\.controlPlane\.authorizedNetworks: is only used with access: public-ip/)]);
    expect(problems('  controlPlane:\n    access: open\n')).toEqual([expect.stringMatching(/cluster\.controlPlane\.access: "open" is not allowed; allowed: "dns", "public-ip"/)]);
  });

  test('acme-cname needs a challenge domain other than the parent; its fields are refused in zone mode', () => {
    expect(dnsProblems('  mode: acme-cname\n')).toEqual([expect.stringMatching(/dns\.challengeDomain: is required with mode: acme-cname/)]);
    expect(dnsProblems('  mode: acme-cname\n  challengeDomain: wti.net\n')).toEqual([expect.stringMatching(/dns\.challengeDomain: must differ from dns\.domain/)]);
    expect(dnsProblems('  mode: acme-cname\n  challengeDomain: acme.wti.net\n  parentZone: wti-net\n')).toEqual([expect.stringMatching(/dns\.parentZone: must differ from dns\.zoneName/)]);
    expect(dnsProblems('  challengeDomain: acme.wti.net\n')).toEqual([expect.stringMatching(/dns\.challengeDomain: is only used with mode: acme-cname/)]);
  });

  test('a long cluster name still gets a valid, distinct node service account id', () => {
    const long = 'a'.repeat(20) + '-' + 'b'.repeat(19);
    const other = 'a'.repeat(20) + '-' + 'c'.repeat(19);
    for (const name of [long, other]) expect(names({ ...parseConfig(base, 't.yaml', {}), cluster: { ...parseConfig(base, 't.yaml', {}).cluster, name } }).nodeServiceAccountId).toMatch(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
    const id = (name: string) => names({ ...parseConfig(base, 't.yaml', {}), cluster: { ...parseConfig(base, 't.yaml', {}).cluster, name } }).nodeServiceAccountId;
    expect(id(long)).not.toBe(id(other));
  });
});
