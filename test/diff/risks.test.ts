import { assessK8s, assessTerraform } from '../../src/diff/risks';
import { diffFields } from '../../src/diff/field-diff';
import type { ObjectChange } from '../../src/diff/k8s-diff';
import type { BlockChange } from '../../src/diff/terraform-diff';
import type { K8sObject, TerraformBlock } from '../../src/diff/tree';

// The risk classifier on hand-made objects: one case per category the report promises.
const object = (kind: string, body: Record<string, unknown>, name = 'x'): K8sObject => ({ group: '', kind, namespace: 'wti-ai', name, body: { kind, metadata: { name, namespace: 'wti-ai' }, ...body } });
const changed = (before: K8sObject, after: K8sObject): ObjectChange => ({ action: 'change', object: after, before, fields: diffFields(before.body, after.body) });
const block = (type: string, body: Record<string, unknown>): TerraformBlock => ({ stack: 'platform', kind: type, address: `${type}.x`, mode: 'managed', type, body });
const tf = (action: BlockChange['action'], b: TerraformBlock): BlockChange => ({ action, block: b, fields: [], notes: [] });

describe('exposure', () => {
  test('a listener that accepts routes from all namespaces', () => {
    const listener = (from: string) => object('Gateway', { spec: { listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', allowedRoutes: { namespaces: { from } } }] } });
    expect(assessK8s(changed(listener('Same'), listener('All'))).risks).toEqual(['exposure']);
  });

  test('a Service of type LoadBalancer, a removed allowlist or network policy, a cross-namespace route', () => {
    expect(assessK8s({ action: 'add', object: object('Service', { spec: { type: 'LoadBalancer' } }), fields: [] }).risks).toEqual(['exposure']);
    expect(assessK8s({ action: 'add', object: object('Service', { spec: { type: 'ClusterIP' } }), fields: [] }).risks).toEqual([]);
    const policy = object('SecurityPolicy', { spec: { targetRefs: [{ kind: 'HTTPRoute', name: 'mcp' }] } });
    expect(assessK8s({ action: 'remove', object: policy, before: policy, fields: [] })).toEqual({
      risks: ['destroy', 'exposure'],
      notes: [expect.stringMatching(/^destroy: /), 'exposure: allowlist removed: HTTPRoute mcp open to every client'],
    });
    const netpol = object('NetworkPolicy', { spec: {} });
    expect(assessK8s({ action: 'remove', object: netpol, before: netpol, fields: [] }).risks).toEqual(['destroy', 'exposure']);
    const route = object('HTTPRoute', { spec: { parentRefs: [{ name: 'gw', namespace: 'other' }] } });
    expect(assessK8s({ action: 'add', object: route, fields: [] }).risks).toEqual(['exposure']);
  });

  test('Terraform: grants to allUsers, firewall rules, control-plane access', () => {
    expect(assessTerraform(tf('add', block('google_storage_bucket_iam_member', { member: 'allUsers', role: 'roles/storage.objectViewer' }))).risks).toEqual(['iam', 'exposure']);
    expect(assessTerraform(tf('add', block('google_compute_firewall', { name: 'allow-all' }))).risks).toEqual(['exposure']);
    const cluster = block('google_container_cluster', {});
    expect(assessTerraform({ ...tf('change', cluster), fields: [{ path: 'private_cluster_config.enable_private_endpoint', action: 'change', before: true, after: false }] }).risks).toEqual(['exposure']);
  });
});

test('iam: service accounts, custom roles, IAM members; Kubernetes RBAC and Workload Identity annotations', () => {
  for (const type of ['google_service_account', 'google_project_iam_custom_role', 'google_dns_managed_zone_iam_member', 'google_project_iam_binding']) {
    expect(assessTerraform(tf('change', block(type, {}))).risks).toEqual(['iam']);
  }
  expect(assessK8s({ action: 'add', object: object('ClusterRoleBinding', {}), fields: [] }).risks).toEqual(['iam']);
  const sa = (gsa: string) => object('ServiceAccount', { metadata: { name: 'x', annotations: { 'iam.gke.io/gcp-service-account': gsa } } });
  expect(assessK8s(changed(sa('a@p.iam.gserviceaccount.com'), sa('b@p.iam.gserviceaccount.com'))).notes.join()).toContain('Workload Identity binding changes');
});

test('tls: an ACME server switch, a removed certificate or issuer', () => {
  const issuer = (server: string) => object('ClusterIssuer', { spec: { acme: { server } } });
  const switched = assessK8s(changed(issuer('https://acme-staging-v02.api.letsencrypt.org/directory'), issuer('https://acme-v02.api.letsencrypt.org/directory')));
  expect(switched.risks).toEqual(['tls']);
  expect(switched.notes[0]).toBe('tls: ACME server https://acme-staging-v02.api.letsencrypt.org/directory -> https://acme-v02.api.letsencrypt.org/directory');
  const certificate = object('Certificate', { spec: { secretName: 'x-tls' } });
  expect(assessK8s({ action: 'remove', object: certificate, before: certificate, fields: [] }).risks).toEqual(['destroy', 'tls']);
});

test('destroy and replace; public DNS; a protected resource says the replacement needs a deploy first', () => {
  expect(assessTerraform(tf('remove', block('google_compute_network', {}))).risks).toEqual(['destroy']);
  expect(assessTerraform(tf('change', block('google_dns_managed_zone', { dns_name: 'wti.net.' }))).risks).toEqual(['public-dns']);
  expect(assessTerraform(tf('change', block('google_dns_managed_zone', { visibility: 'private' }))).risks).toEqual([]);
  const cluster = assessTerraform(tf('replace', block('google_container_cluster', { deletion_protection: true })));
  expect(cluster.risks).toEqual(['replace']);
  expect(cluster.notes).toContain('deletion_protection is true: the apply fails until a deploy sets it false first');
  // Data sources are lookups: nothing is destroyed when one goes.
  expect(assessTerraform(tf('remove', { ...block('google_dns_managed_zone', {}), mode: 'data', kind: 'data.google_dns_managed_zone' })).risks).toEqual([]);
});

test('replace: a stack whose state moves (another backend path or prefix) would start from empty state', () => {
  const terraform: TerraformBlock = { stack: 'platform', kind: 'terraform', address: 'terraform', mode: 'other', body: {} };
  const moved = assessTerraform({ ...tf('change', terraform), fields: [{ path: 'backend.local.path', action: 'change', before: '../../../a.tfstate', after: '../../../b.tfstate' }] });
  expect(moved.risks).toEqual(['replace']);
  expect(moved.notes.join()).toMatch(/state moves \(`backend\.local\.path`\): migrate it first \(terraform init -migrate-state/);
  // Provider version pins change the terraform block too, without moving state.
  expect(assessTerraform({ ...tf('change', terraform), fields: [{ path: 'required_providers.google.version', action: 'change', before: '6.49.0', after: '6.50.0' }] }).risks).toEqual([]);
});
