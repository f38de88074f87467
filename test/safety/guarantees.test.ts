import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, parseConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';
import { synthesizeInto } from '../../src/pipeline';
import { configWith } from '../support/config';
import { synthesize } from '../support/k8s-output';
import { NODE_ROLE } from '../../src/gcp/constructs/node-service-account';

// The safety contract, asserted over everything the shipped configurations synthesize.
const CONFIGS: Record<string, Config> = {
  default: configWith(),
  'key mode, state bucket, existing zone, gke-managed CRDs': configWith((c) => {
    c.tls = { dns01: { credentials: 'service-account-key' }, acme: 'production' };
    c.state = { bucket: 'wti-ai-tfstate' };
    c.dns.createZone = false;
    c.addons = { envoyGateway: { gatewayApiCrds: 'gke-managed' } };
  }),
  // Every example is a shipped configuration too.
  ...Object.fromEntries(readdirSync(path.join(REPO_ROOT, 'config/examples')).filter((f) => f.endsWith('.yaml')).map((f) => [
    `config/examples/${f}`, parseConfig(readFileSync(path.join(REPO_ROOT, 'config/examples', f), 'utf8'), f),
  ])),
};

/** Every resource (and data source, as `data.<type>`) of every stack as [stack, type, name, body]. */
function terraformResources(config: Config): [string, string, string, any][] {
  const dir = mkdtempSync(path.join(tmpdir(), 'safety-'));
  const files = synthesizeInto(config, { gcp: path.join(dir, 'out') }, { root: dir }).files.gcp!.filter((f) => f.endsWith('cdk.tf.json'));
  return files.flatMap((f) => {
    const json = JSON.parse(readFileSync(path.join(dir, 'out', f), 'utf8'));
    const blocks = [...Object.entries<Record<string, any>>(json.resource ?? {}),
      ...Object.entries<Record<string, any>>(json.data ?? {}).map(([type, byName]) => [`data.${type}`, byName] as const)];
    return blocks.flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => [f.split('/')[1], type, name, body] as [string, string, string, any]));
  });
}

describe.each(Object.entries(CONFIGS))('%s', (_, config) => {
  const resources = terraformResources(config);
  const ofType = (type: string) => resources.filter(([, t]) => t === type).map(([, , , body]) => body);
  const k8s = synthesize(config);

  test('no resource or data source that would hold a key, token or password in Terraform state', () => {
    const forbidden = [
      'google_service_account_key', 'tls_private_key', 'random_password', 'google_sql_user',
      // Data sources are stored in state too: these read credentials.
      'data.google_client_config', 'data.google_service_account_access_token', 'data.google_service_account_id_token',
      'data.google_service_account_key',
    ];
    expect(resources.filter(([, type]) => forbidden.includes(type) || forbidden.includes(type.replace(/^data\./, '')))).toEqual([]);
  });

  test('no owner, editor or admin role, no project- or org-wide grant but the node role, no public members', () => {
    const roles = resources.flatMap(([, , , body]) => (typeof body.role === 'string' ? [body.role] : []));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role).not.toMatch(/roles\/(owner|editor)|admin/i);
    // Nodes write the project's logs and metrics: their one role is granted on the project, to their own account.
    const broad = resources.filter(([, type]) => /^google_(project|organization|folder)_iam_(member|binding|policy)$/.test(type));
    expect(broad.map(([, type, , body]) => [type, body.role, body.member])).toEqual([
      ['google_project_iam_member', NODE_ROLE, expect.stringMatching(/^\$\{google_service_account\.nodes_gsa_\w+\.member\}$/)],
    ]);
    expect(JSON.stringify(resources)).not.toMatch(/allUsers|allAuthenticatedUsers/);
  });

  test('the DNS-01 identity may only change record sets, only in the one zone', () => {
    const [role] = ofType('google_project_iam_custom_role');
    for (const permission of role.permissions) expect(permission).toMatch(/^dns\.(changes|resourceRecordSets)\.(create|delete|get|list|update)$/);
    const grants = ofType('google_dns_managed_zone_iam_member');
    expect(grants).toHaveLength(1);
    // The grant names the zone through a reference to the zone resource (or its data source).
    const [, type, id] = /^\$\{((?:data\.)?google_dns_managed_zone)\.([\w-]+)\.name\}$/.exec(grants[0].managed_zone) ?? [];
    const zone = resources.find(([, t, name]) => t === type && name === id);
    expect(zone?.[3].name).toBe(config.dns.zoneName);
  });

  test('the control plane is never open to the whole internet, and nodes never run as the default service account', () => {
    const [cluster] = ofType('google_container_cluster');
    const network = cluster.master_authorized_networks_config;
    expect(network.gcp_public_cidrs_access_enabled).toBe(false);
    const blocks: string[] = (network.cidr_blocks ?? []).map((b: any) => b.cidr_block);
    for (const block of blocks) expect(block).not.toMatch(/\/0$/);
    // Either no public IP endpoint at all, or one restricted to listed ranges.
    expect(cluster.private_cluster_config.enable_private_endpoint || blocks.length > 0).toBe(true);
    expect(cluster.cluster_autoscaling.auto_provisioning_defaults.service_account).toMatch(/^\$\{google_service_account\.nodes_gsa_\w+\.email\}$/);
    expect(['CHANNEL_DISABLED', 'CHANNEL_STANDARD']).toContain(cluster.gateway_api_config.channel);
  });

  test('destructive changes need a deliberate step: cluster deletion protection, zone never force-destroyed', () => {
    for (const cluster of ofType('google_container_cluster')) expect(cluster.deletion_protection).toBe(true);
    for (const zone of ofType('google_dns_managed_zone')) expect(zone.force_destroy).toBe(false);
    for (const service of ofType('google_project_service')) expect(service.disable_on_destroy).toBe(false);
  });

  test('a state bucket, when configured, is versioned, uniform, never public, never force-destroyed', () => {
    const buckets = ofType('google_storage_bucket');
    expect(buckets).toHaveLength(config.state.bucket ? 1 : 0);
    for (const bucket of buckets) {
      expect(bucket).toMatchObject({ versioning: { enabled: true }, uniform_bucket_level_access: true, public_access_prevention: 'enforced', force_destroy: false });
    }
  });

  test('every container runs non-root, read-only, without privilege escalation or capabilities, under RuntimeDefault seccomp', () => {
    const pods = k8s.objects.filter((o) => o.spec?.template?.spec).map((o) => o.spec.template.spec);
    for (const pod of pods) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.securityContext.runAsUser).toBeGreaterThan(0);
        expect(container.image).toMatch(/:[\w.-]+$|@sha256:/);
        expect(container.image).not.toMatch(/:latest$/);
        expect(container.resources.requests).toBeDefined();
      }
    }
    expect(k8s.find('Namespace').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the placeholder is reachable only through the gateway', () => {
    for (const service of k8s.all('Service')) expect(service.spec.type).toBe('ClusterIP');
    const deployments = k8s.all('Deployment');
    for (const deployment of deployments) {
      const policy = k8s.all('NetworkPolicy').find((p) => Object.entries(p.spec.podSelector.matchLabels)
        .every(([k, v]) => deployment.spec.template.metadata.labels[k] === v));
      expect(policy?.spec.policyTypes).toEqual(['Ingress']);
      expect(policy?.spec.ingress.flatMap((r: any) => r.from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/managed-by']))).toEqual(['envoy-gateway']);
    }
  });
});

describe('synthesis never loses deployment state', () => {
  test('local state lives outside cdktf.out/, and terraform\'s lock file and working folder survive a new synthesis', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'state-'));
    const out = path.join(dir, 'cdktf.out');
    synthesizeInto(CONFIGS.default, { gcp: out }, { root: dir });
    const stackDir = path.join(out, 'stacks/platform');
    const backend = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).terraform.backend.local;
    expect(path.resolve(stackDir, backend.path)).toBe(path.join(dir, 'terraform-state/wti-ai-platform/wti-ai-autopilot/platform.tfstate'));
    // What `cdktf deploy` (terraform init) leaves in the stack folder:
    mkdirSync(path.join(stackDir, '.terraform/providers'), { recursive: true });
    writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), '# lock');
    synthesizeInto(CONFIGS.default, { gcp: out }, { root: dir });
    expect(readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8')).toBe('# lock');
    expect(existsSync(path.join(stackDir, '.terraform/providers'))).toBe(true);
  });
});
