import { compareTrees } from '../../src/diff/compare';
import { renderMarkdown } from '../../src/diff/markdown-report';
import { REPLACEMENT_RULES } from '../../src/diff/force-replacement';
import type { Change } from '../../src/diff/model';
import type { SynthesizedTree, TerraformBlock } from '../../src/diff/tree';
import { DEFAULT_CONFIG, MCP_ENDPOINT, synthesizeTree } from './trees';

// The pure comparison on trees synthesized in-process (no git): one tree per config, compared in pairs.
const base = synthesizeTree(DEFAULT_CONFIG);
const withMcp = synthesizeTree({ ...DEFAULT_CONFIG, endpoints: [...DEFAULT_CONFIG.endpoints, MCP_ENDPOINT] });
const renamedCluster = synthesizeTree({ ...DEFAULT_CONFIG, cluster: { name: 'wti-ai-prod' } });
const production = synthesizeTree({ ...DEFAULT_CONFIG, tls: { acme: 'production', email: 'platform@wti.net' } });

const find = (changes: Change[], kind: string, name: string | RegExp) => {
  const found = changes.filter((c) => c.kind === kind && (typeof name === 'string' ? c.name === name : name.test(c.name)));
  expect(found).toHaveLength(1);
  return found[0];
};
const paths = (c: Change) => c.fields.map((f) => f.path);

/** The tree with one Terraform block's logical id changed, as renaming its construct would. */
function renameLogicalId(tree: SynthesizedTree, from: string, to: string): SynthesizedTree {
  return tree.map((env) => ({
    ...env,
    gcp: env.gcp.map((b): TerraformBlock => {
      const body = JSON.parse(JSON.stringify(b.body).split(from).join(to)) as Record<string, unknown>;
      return b.address.endsWith(`.${from}`) ? { ...b, address: b.address.replace(from, to), body } : { ...b, body };
    }),
  }));
}

test('a revision compared with itself has no changes', () => {
  expect(compareTrees(base, base)).toEqual([]);
  expect(compareTrees(base, synthesizeTree(DEFAULT_CONFIG))).toEqual([]);
});

describe('an endpoint added with an allowlist', () => {
  const changes = compareTrees(base, withMcp);

  test('its public A record, listener and route are flagged; the certificate and allowlist are added', () => {
    const record = find(changes, 'google_dns_record_set', /^dns-records\/google_dns_record_set\.records_a-mcp_/);
    expect(record).toMatchObject({ half: 'gcp', action: 'add', risks: ['public-dns'] });
    expect(record.notes.join()).toContain('mcp.wti.net.');
    expect(find(changes, 'Gateway', 'wti-ai/conductor-gateway')).toMatchObject({ action: 'change', risks: ['exposure'] });
    expect(paths(find(changes, 'Gateway', 'wti-ai/conductor-gateway'))).toEqual(['spec.listeners[https-mcp]']);
    expect(find(changes, 'HTTPRoute', 'wti-ai/mcp')).toMatchObject({ action: 'add', risks: ['exposure'] });
    expect(find(changes, 'Certificate', 'wti-ai/mcp-wti-net')).toMatchObject({ action: 'add', risks: [] });
    const allowlist = find(changes, 'SecurityPolicy', 'wti-ai/mcp-allowlist');
    expect(allowlist).toMatchObject({ action: 'add', risks: [] });
    expect(allowlist.notes.join()).toContain('203.0.113.0/24, 198.51.100.7/32');
    expect(find(changes, 'HTTPRoute', 'wti-ai/mcp-https-redirect')).toMatchObject({ action: 'add' });
    expect(changes.some((c) => c.name === 'wti-ai/conductor-gateway-https-redirect')).toBe(false);
  });

  test('nothing else changes, and the risky changes come first', () => {
    expect(changes).toHaveLength(6);
    const firstSafe = changes.findIndex((c) => c.risks.length === 0);
    expect(changes.slice(firstSafe).every((c) => c.risks.length === 0)).toBe(true);
    expect(changes[0].risks).toEqual(['public-dns']);
  });
});

describe('an endpoint removed', () => {
  const changes = compareTrees(withMcp, base);

  test('everything it had is a removal flagged destroy, with the DNS and TLS risks named; nothing is exposed', () => {
    expect(find(changes, 'google_dns_record_set', /records_a-mcp_/)).toMatchObject({ action: 'remove', risks: ['destroy', 'public-dns'] });
    expect(find(changes, 'HTTPRoute', 'wti-ai/mcp')).toMatchObject({ action: 'remove', risks: ['destroy'] });
    expect(find(changes, 'Certificate', 'wti-ai/mcp-wti-net')).toMatchObject({ action: 'remove', risks: ['destroy', 'tls'] });
    // The allowlist leaves with the routes it guarded: nobody gains access.
    const allowlist = find(changes, 'SecurityPolicy', 'wti-ai/mcp-allowlist');
    expect(allowlist).toMatchObject({ action: 'remove', risks: ['destroy'] });
    expect(allowlist.notes).toContain('allowlist removed with HTTPRoute mcp, HTTPRoute mcp-https-redirect');
    const gateway = find(changes, 'Gateway', 'wti-ai/conductor-gateway');
    expect(gateway.fields).toEqual([expect.objectContaining({ path: 'spec.listeners[https-mcp]', action: 'remove' })]);
    expect(gateway.risks).toEqual([]);
    expect(gateway.notes.join()).toMatch(/listener https-mcp \(HTTPS\/443 mcp\.wti\.net\) removed/);
    expect(changes.some((c) => c.risks.includes('exposure'))).toBe(false);
    expect(changes.filter((c) => c.action === 'remove').every((c) => c.risks[0] === 'destroy')).toBe(true);
  });
});

describe('a cluster rename', () => {
  const changes = compareTrees(base, renamedCluster);

  test('the cluster is replaced because its name forces a new resource', () => {
    const cluster = find(changes, 'google_container_cluster', /^platform\/google_container_cluster\./);
    expect(cluster.action).toBe('replace');
    expect(cluster.risks).toContain('replace');
    expect(paths(cluster)).toContain('name');
    expect(cluster.fields.find((f) => f.path === 'name')).toMatchObject({ before: 'wti-ai-autopilot', after: 'wti-ai-prod' });
    expect(cluster.notes.join()).toMatch(/`name`.*cannot change in place/);
  });

  test('so are the network, subnet, router, NAT and address named after it; lookups by name only change', () => {
    for (const type of ['google_compute_network', 'google_compute_subnetwork', 'google_compute_router', 'google_compute_router_nat', 'google_compute_address']) {
      expect(find(changes, type, new RegExp(`^platform/${type}\\.`))).toMatchObject({ action: 'replace', risks: ['replace'] });
    }
    expect(find(changes, 'data.google_container_cluster', /^addons\//)).toMatchObject({ action: 'change', risks: [] });
    expect(changes.filter((c) => c.action === 'replace').every((c) => c.half === 'gcp')).toBe(true);
  });
});

test('an issuer switch to production is a tls change on every certificate', () => {
  const changes = compareTrees(base, production);
  const certificate = find(changes, 'Certificate', 'wti-ai/conductor-wti-net');
  expect(certificate).toMatchObject({ action: 'change', risks: ['tls'] });
  expect(certificate.fields).toEqual([{ path: 'spec.issuerRef.name', action: 'change', before: 'letsencrypt-dns01-staging', after: 'letsencrypt-dns01' }]);
  expect(certificate.notes.join()).toContain('issuer switch: letsencrypt-dns01-staging -> letsencrypt-dns01');
  expect(changes.every((c) => c.risks.includes('tls'))).toBe(true);
});

describe('a renamed construct (new logical id)', () => {
  const address = base[0].gcp.find((b) => b.mode === 'managed' && b.type === 'google_compute_address')!;
  const id = address.address.split('.')[1];

  test('is one replacement, not a removal and an addition; the A record that points to it moves to the new IP', () => {
    const changes = compareTrees(base, renameLogicalId(base, id, 'gateway-address_address_0A1B2C3D'));
    expect(changes).toEqual([
      expect.objectContaining({ half: 'gcp', action: 'replace', kind: 'google_compute_address', name: 'platform/google_compute_address.gateway-address_address_0A1B2C3D', risks: ['replace'] }),
      expect.objectContaining({ half: 'gcp', action: 'change', kind: 'google_dns_record_set', name: expect.stringMatching(/^dns-records\/google_dns_record_set\.records_a-conductor_/), risks: ['public-dns'] }),
    ]);
    expect(changes[0].fields[0]).toEqual({ path: '(logical id)', action: 'change', before: address.address, after: 'google_compute_address.gateway-address_address_0A1B2C3D' });
    expect(changes[0].notes.join()).toContain('moved block');
    expect(changes[0].notes).toContainEqual(expect.stringMatching(/^depends on it: dns-records\/google_dns_record_set\.records_a-conductor_/));
    expect(changes[1].notes).toContain('public-dns: changes public A record conductor.wti.net. -> the address of google_compute_address wti-ai-autopilot-gw-ip');
    expect(changes[1].notes.join()).toMatch(/`rrdatas` refers to data\.google_compute_address\.\S+, which reads platform\/google_compute_address\.gateway-address_address_0A1B2C3D/);
  });

  test('replaces what refers to its computed id: a new VPC replaces the subnet, router and cluster', () => {
    const network = base[0].gcp.find((b) => b.type === 'google_compute_network')!;
    const changes = compareTrees(base, renameLogicalId(base, network.address.split('.')[1], 'vpc_0A1B2C3D'));
    const replaced = changes.filter((c) => c.action === 'replace').map((c) => c.kind).sort();
    // The Helm releases live in the cluster: a new cluster has none of them.
    expect(replaced).toEqual(['google_compute_network', 'google_compute_router', 'google_compute_subnetwork', 'google_container_cluster', 'helm_release', 'helm_release']);
    expect(find(changes, 'helm_release', /envoy-gateway/).notes.join()).toMatch(/configured from data\.google_container_cluster\.cluster, which reads platform\/google_container_cluster\./);
    expect(find(changes, 'google_compute_subnetwork', /./).notes.join()).toContain('`network` refers to google_compute_network.vpc_0A1B2C3D');
  });

  test('with a moved block the state is carried over: a change, not a replacement', () => {
    const renamed = renameLogicalId(base, id, 'gateway-address_address_0A1B2C3D');
    const moved = renamed.map((env) => ({ ...env, moves: [{ stack: 'platform', from: address.address, to: 'google_compute_address.gateway-address_address_0A1B2C3D' }] }));
    expect(compareTrees(base, moved)).toEqual([expect.objectContaining({ action: 'change', risks: [], fields: [expect.objectContaining({ path: '(logical id)' })] })]);
  });
});

test('the replacement table covers every resource type the stacks create', () => {
  const variants = [base, synthesizeTree({ ...DEFAULT_CONFIG, state: { bucket: 'wti-ai-tfstate' } })];
  const types = new Set(variants.flatMap((t) => t[0].gcp.filter((b) => b.mode === 'managed').map((b) => b.type!)));
  expect([...types].filter((t) => !(t in REPLACEMENT_RULES))).toEqual([]);
});

describe('conditional replacements (CustomizeDiff at google provider v6.50.0)', () => {
  const subnet = (cidr: string) => synthesizeTree({ ...DEFAULT_CONFIG, cluster: { name: 'wti-ai-autopilot', network: { subnetCidr: cidr } } });
  // The default config's subnet is 10.10.0.0/20 (src/config/schema.ts).
  const wide = base;
  const narrow = subnet('10.10.0.0/22');

  test('shrinking the subnet range replaces the subnet, and the cluster on it follows', () => {
    const changes = compareTrees(wide, narrow);
    const replaced = find(changes, 'google_compute_subnetwork', /./);
    expect(replaced).toMatchObject({ action: 'replace', risks: ['replace'] });
    expect(replaced.notes[0]).toMatch(/^`ip_cidr_range` "10\.10\.0\.0\/20" -> "10\.10\.0\.0\/22" replaces .*IsShrinkageIpCidr.*resource_compute_subnetwork\.go v6\.50\.0/);
    expect(replaced.notes).toContainEqual(expect.stringMatching(/^depends on it: platform\/google_container_cluster\./));
    expect(find(changes, 'google_container_cluster', /./)).toMatchObject({ action: 'replace', risks: ['replace'] });
    expect(find(changes, 'google_container_cluster', /./).notes.join()).toContain('`subnetwork` refers to google_compute_subnetwork.');
  });

  test('a range that contains the old one updates in place; a range elsewhere replaces', () => {
    const expanded = compareTrees(narrow, wide);
    expect(find(expanded, 'google_compute_subnetwork', /./)).toMatchObject({ action: 'change', risks: [] });
    expect(expanded.some((c) => c.action === 'replace')).toBe(false);
    expect(find(compareTrees(wide, subnet('10.12.0.0/20')), 'google_compute_subnetwork', /./).action).toBe('replace');
  });
});

test('a cluster rename moves the public A record to a new address: public-dns, naming the address', () => {
  const changes = compareTrees(base, renamedCluster);
  const record = find(changes, 'google_dns_record_set', /^dns-records\//);
  expect(record).toMatchObject({ action: 'change', risks: ['public-dns'] });
  expect(record.notes).toContain('public-dns: changes public A record conductor.wti.net. -> the address of google_compute_address wti-ai-prod-gw-ip');
  expect(find(changes, 'google_compute_address', /./).notes).toContainEqual(expect.stringMatching(/^depends on it: dns-records\/google_dns_record_set\./));
});

test('another gateway namespace or Gateway name keeps the static IP: its description is set at creation, so Terraform changes nothing', () => {
  const moved = synthesizeTree({ ...DEFAULT_CONFIG, gateway: { namespace: 'edge', name: 'edge-gateway' } });
  const changes = compareTrees(base, moved);
  expect(changes.filter((c) => c.half === 'gcp')).toEqual([]);
  // The Kubernetes objects move: added in edge; those in wti-ai are not pruned by the apply in edge
  // (another ApplySet), and the report says what removes them instead of promising a pruning apply.
  expect(find(changes, 'Gateway', 'edge/edge-gateway').action).toBe('add');
  const old = find(changes, 'Gateway', 'wti-ai/conductor-gateway');
  expect(old).toMatchObject({ action: 'remove', risks: ['destroy'] });
  expect(old.notes[0]).toBe('destroy: Gateway wti-ai/conductor-gateway is no longer synthesized, and the apply in namespace edge does not prune it: it keeps running until namespace wti-ai is deleted');
  expect(find(changes, 'Namespace', 'wti-ai').notes[0]).toMatch(/does not prune it: it keeps running until namespace wti-ai is deleted$/);
  const applySet = find(changes, 'ApplySet', 'edge-default');
  expect(applySet).toMatchObject({ half: 'environment', action: 'change', risks: [], fields: [{ path: 'metadata.namespace', action: 'change', before: 'wti-ai', after: 'edge' }] });
  expect(applySet.notes[0]).toMatch(/another ApplySet, which does not prune the \d+ objects applied in wti-ai; they keep running, and the old Gateway keeps the static IP$/);
  expect(applySet.notes[1]).toContain('delete namespace wti-ai');
  // Where the namespace stays, a removed object is pruned by the next apply, as before.
  const removedEndpoint = find(compareTrees(withMcp, base), 'HTTPRoute', 'wti-ai/mcp');
  expect(removedEndpoint.notes[0]).toMatch(/deleted by a pruning apply$/);
});

describe('lifecycle.replace_triggered_by, as Terraform evaluates it (EvaluateReplaceTriggeredBy)', () => {
  const addressOf = (type: string) => base[0].gcp.find((b) => b.mode === 'managed' && b.type === type)!.address;
  const cluster = addressOf('google_container_cluster');
  const dnsApi = base[0].gcp.find((b) => b.address.startsWith('google_project_service.apis_dns_'))!.address;
  /** The tree with `lifecycle` on the managed zone (which nothing else here changes), other bodies through `edit`. */
  const edited = (tree: SynthesizedTree, lifecycle: object, edit = (b: TerraformBlock) => b.body): SynthesizedTree => tree.map((env) => ({
    ...env,
    gcp: env.gcp.map((b) => ({ ...b, body: b.kind === 'google_dns_managed_zone' ? { ...b.body, lifecycle } : edit(b) })),
  }));
  const zoneIn = (changes: Change[]) => changes.find((c) => c.kind === 'google_dns_managed_zone');
  const triggeredBy = (item: string) => ({ replace_triggered_by: [item] });
  /** The DNS API's disable_on_destroy flipped: an update in place. */
  const apiUpdated = (b: TerraformBlock) => (b.address === dnsApi ? { ...b.body, disable_on_destroy: true } : b.body);

  test('a replaced resource, or an attribute of it that changes, replaces the resource that names it', () => {
    for (const item of [cluster, `${cluster}.name`]) {
      const zone = zoneIn(compareTrees(edited(base, triggeredBy(item)), edited(renamedCluster, triggeredBy(item))));
      // A public zone: replacing it also moves the domain's name servers.
      expect(zone).toMatchObject({ action: 'replace', risks: ['replace', 'public-dns'] });
      expect(zone!.notes.join('\n')).toContain(`\`lifecycle.replace_triggered_by\` ${JSON.stringify(item)}: `);
      expect(zone!.notes.join('\n')).toContain(`so Terraform replaces ${addressOf('google_dns_managed_zone')}`);
    }
  });

  test('an updated resource triggers too; an attribute that keeps its value, or a resource this change creates, does not', () => {
    expect(zoneIn(compareTrees(edited(base, triggeredBy(dnsApi)), edited(base, triggeredBy(dnsApi), apiUpdated)))).toMatchObject({ action: 'replace' });
    expect(zoneIn(compareTrees(edited(base, triggeredBy(`${dnsApi}.disable_on_destroy`)), edited(base, triggeredBy(`${dnsApi}.disable_on_destroy`), apiUpdated)))).toMatchObject({ action: 'replace' });
    expect(zoneIn(compareTrees(edited(base, triggeredBy(`${dnsApi}.service`)), edited(base, triggeredBy(`${dnsApi}.service`), apiUpdated)))).toBeUndefined();
    expect(zoneIn(compareTrees(edited(base, triggeredBy(`${cluster}.location`)), edited(renamedCluster, triggeredBy(`${cluster}.location`))))).toBeUndefined();
    const record = withMcp[0].gcp.find((b) => b.address.startsWith('google_dns_record_set.records_a-mcp_'))!.address;
    expect(zoneIn(compareTrees(edited(base, {}), edited(withMcp, triggeredBy(record))))).toBeUndefined();
  });

  test('"${...}", which cdktf writes for a resource object, is an item Terraform rejects in JSON: said on a change, not evaluated', () => {
    const item = `\${${cluster}}`;
    const redescribed = edited(renamedCluster, triggeredBy(item), (b) => b.body).map((env) => ({
      ...env,
      gcp: env.gcp.map((b) => (b.kind === 'google_dns_managed_zone' ? { ...b, body: { ...b.body, description: 'another' } } : b)),
    }));
    const zone = zoneIn(compareTrees(edited(base, triggeredBy(item)), redescribed));
    expect(zone).toMatchObject({ action: 'change' });
    expect(zone!.notes).toContainEqual(expect.stringMatching(/^`lifecycle.replace_triggered_by` "\$\{google_container_cluster\.[\w-]+\}": Terraform rejects it \("Invalid expression"\)/));
    // A zone that does not change otherwise is not reported for it.
    expect(zoneIn(compareTrees(edited(base, triggeredBy(item)), edited(renamedCluster, triggeredBy(item))))).toBeUndefined();
  });

  test('an attribute only the provider\'s plan can tell is named on the update that may trigger it, not guessed', () => {
    const changes = compareTrees(edited(base, triggeredBy(`${dnsApi}.id`)), edited(base, triggeredBy(`${dnsApi}.id`), apiUpdated));
    expect(zoneIn(changes)).toBeUndefined();
    const api = changes.find((c) => c.name === `platform/${dnsApi}`)!;
    expect(api).toMatchObject({ action: 'change' });
    expect(api.notes).toContain(`${addressOf('google_dns_managed_zone')} has \`lifecycle.replace_triggered_by\` "${dnsApi}.id": if the provider's plan for this update changes \`id\`, Terraform also replaces ${addressOf('google_dns_managed_zone')} (the diff cannot tell)`);
  });

  test('prevent_destroy: a replacement at its address is refused; a block removed or given another logical id is destroyed all the same', () => {
    const lifecycle = { ...triggeredBy(cluster), prevent_destroy: true };
    const zone = zoneIn(compareTrees(edited(base, lifecycle), edited(renamedCluster, lifecycle)));
    expect(zone!.action).toBe('replace');
    expect(zone!.notes).toContainEqual(expect.stringMatching(/^`lifecycle.prevent_destroy` is set: Terraform refuses this plan \("Instance cannot be destroyed"\)/));
    const leaves = '`lifecycle.prevent_destroy` does not stop this: it leaves with the block, and Terraform destroys what the old address held';
    const guarded = edited(base, { prevent_destroy: true });
    const zoneAddress = addressOf('google_dns_managed_zone');
    const removed = guarded.map((env) => ({ ...env, gcp: env.gcp.filter((b) => b.address !== zoneAddress) }));
    expect(zoneIn(compareTrees(guarded, removed))).toMatchObject({ action: 'remove', notes: expect.arrayContaining([leaves]) });
    const renamedId = zoneAddress.replace('dns_zone_', 'dns_public-zone_');
    const renamed = guarded.map((env) => ({ ...env, gcp: env.gcp.map((b) => (b.address === zoneAddress ? { ...b, address: renamedId } : b)) }));
    expect(zoneIn(compareTrees(guarded, renamed))).toMatchObject({ action: 'replace', notes: expect.arrayContaining([leaves]) });
    // Kept at its address with a moved block: nothing is destroyed, and nothing is said of it.
    expect(zoneIn(compareTrees(guarded, renamed.map((env) => ({ ...env, moves: [{ stack: 'platform', from: zoneAddress, to: renamedId }] }))))?.notes ?? []).not.toContain(leaves);
  });
});

test('allowCidrs added to an existing endpoint: clients outside the list lose access', () => {
  const open = synthesizeTree({ ...DEFAULT_CONFIG, endpoints: [...DEFAULT_CONFIG.endpoints, { ...MCP_ENDPOINT, allowCidrs: undefined }] });
  const allowlist = find(compareTrees(open, withMcp), 'SecurityPolicy', 'wti-ai/mcp-allowlist');
  expect(allowlist).toMatchObject({ action: 'add', risks: ['exposure'] });
  expect(allowlist.notes[0]).toBe('exposure: allowlist put on HTTPRoute mcp, which served every client: clients outside 203.0.113.0/24, 198.51.100.7/32 lose access');
});

test('a Helm release\'s values show as the changed YAML lines, not two truncated excerpts', () => {
  const report = renderMarkdown(compareTrees(base, renamedCluster), { base: 'a', head: 'b' });
  const section = report.slice(report.indexOf('#### replace helm_release `addons/helm_release.addons_cert-manager_'));
  expect(section).toContain([
    '- `values` changed, lines:',
    '',
    '  ```diff',
    '  -     iam.gke.io/gcp-service-account: wti-ai-autopilot-dns01@wti-ai-platform.iam.gserviceaccount.com',
    '  +     iam.gke.io/gcp-service-account: wti-ai-prod-dns01@wti-ai-platform.iam.gserviceaccount.com',
    '  ```',
  ].join('\n'));
});
