import { readdirSync } from 'node:fs';
import { Testing } from 'cdktf';
import * as path from 'node:path';
import { ENV_OVERRIDES, loadConfig } from '../../src/config/load';
import { resolve } from '../../src/config/model';
import { STACK_KINDS } from '../../src/config/environment-names';
import { names } from '../../src/config/names';
import { ENVOY_GATEWAY_RELEASES } from '../../src/config/releases';
import { crdUpgradeCommand, dns01KeyCommands, getCredentialsCommand } from '../../src/gcp/commands';
import { applyCommands } from '../../src/k8s/apply';
import { GcpStack } from '../../src/gcp/stacks/gcp-stack';
import { configFields } from './code';
import { fences, listDocs, prose, readDoc, REPO, section } from './markdown';

// The runbook and MASTER_PLAN.md use the names the configuration produces: computed here from the
// default config, so renaming something in config without updating the docs fails.

const config = loadConfig({ env: {} });
const n = names(config);
const RUNBOOK = 'docs/plans/infra/hello-envoy-certmanager-dns01.md';
const MASTER_PLAN = 'MASTER_PLAN.md';
const GOALS = {
  edge: 'docs/goals/edge-https-endpoint.md',
  dns01: 'docs/goals/dns01-identity.md',
  staticIp: 'docs/goals/static-ip-binding.md',
} as const;

/** The name as a whole word: not part of a longer name (`conductor-gateway` is not found in `conductor-gateway-proxy`). */
function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9_.-])${escaped}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`).test(text);
}

const missing = (text: string, wanted: Record<string, string>) =>
  Object.entries(wanted).filter(([, name]) => !mentions(text, name)).map(([what, name]) => `${what}: ${name}`);

/** Names both the runbook and MASTER_PLAN.md must use. */
const sharedNames: Record<string, string> = {
  namespace: config.gateway.namespace,
  gateway: config.gateway.name,
  gatewayClass: config.gateway.className,
  envoyProxy: n.envoyProxy,
  productionIssuer: config.tls.issuers.production,
  stagingIssuer: config.tls.issuers.staging,
  staticIp: n.addressName,
  cluster: config.cluster.name,
  region: config.project.region,
  dnsZone: config.dns.zoneName,
  certManagerNamespace: config.addons.certManager.namespace,
  envoyGatewayNamespace: config.addons.envoyGateway.namespace,
  ...Object.fromEntries(STACK_KINDS.map((id) => [`stack ${id}`, id])),
  ...Object.fromEntries(n.endpoints.map((e) => [`hostname ${e.name}`, e.hostname])),
  ...Object.fromEntries(n.certificates.flatMap((c) => [[`certificate ${c.name}`, c.name], [`tlsSecret ${c.name}`, c.secretName]])),
};

describe('the name matcher', () => {
  it('matches whole names only', () => {
    expect(mentions('Gateway `conductor-gateway-proxy`', 'conductor-gateway')).toBe(false);
    expect(mentions('Gateway `conductor-gateway` and', 'conductor-gateway')).toBe(true);
    expect(mentions('Secret conductor-wti-net-tls', 'conductor-wti-net')).toBe(false);
    expect(mentions('see https://conductor.wti.net/.', 'conductor.wti.net')).toBe(true);
    expect(mentions('ends with conductor.wti.net.', 'conductor.wti.net')).toBe(true);
    expect(mentions('zone wti.net.example', 'wti.net')).toBe(false);
  });
});

describe('names produced by the configuration', () => {
  it.each([RUNBOOK, MASTER_PLAN])('%s mentions every shared name', (doc) => {
    expect(missing(readDoc(doc), sharedNames)).toEqual([]);
  });

  it('the runbook also names the project, identity, key Secret, routes, placeholder and env vars', () => {
    const text = readDoc(RUNBOOK);
    expect(missing(text, {
      project: config.project.id,
      domain: config.dns.domain,
      dns01ServiceAccount: n.dns01ServiceAccountEmail,
      dns01Role: n.dns01CustomRoleId,
      keySecret: config.tls.dns01.keySecret.name,
      keySecretKey: config.tls.dns01.keySecret.key,
      redirectRoute: n.redirectRoute,
      placeholder: config.placeholder.name,
      ...Object.fromEntries(n.endpoints.map((e) => [`route ${e.name}`, e.route])),
      INFRA_CONFIG: 'INFRA_CONFIG',
      ...Object.fromEntries(Object.keys(ENV_OVERRIDES).map((v) => [v, v])),
    })).toEqual([]);
  });

  /**
   * The runbook's check of the Gateway API CRDs in the cluster: bundle version and channel (upstream CRDs
   * carry them in the gateway.networking.k8s.io/bundle-version and /channel annotations). Before the CRD
   * command: in install mode there must be none (GKE's Gateway API is disabled); in gke-managed mode at
   * least the pinned release's bundle, standard. After it: the pinned bundle, standard, in both modes.
   */
  const CRD_CHECK_COMMAND = "kubectl get crd gateways.gateway.networking.k8s.io -o jsonpath='{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version} {.metadata.annotations.gateway\\.networking\\.k8s\\.io/channel}{\"\\n\"}'";

  it('the runbook shows exactly the commands src/gcp/commands.ts renders, and its CRD check', () => {
    const gkeManaged = { ...config, addons: { ...config.addons, envoyGateway: { ...config.addons.envoyGateway, gatewayApiCrds: 'gke-managed' as const } } };
    const text = readDoc(RUNBOOK);
    const lines = [getCredentialsCommand(config), dns01KeyCommands(resolve(config)), crdUpgradeCommand(gkeManaged), CRD_CHECK_COMMAND, crdUpgradeCommand(config), ...applyCommands(config, 'dist')]
      .join('\n').split('\n').map((l) => l.trim());
    expect(lines.filter((l) => !text.includes(l))).toEqual([]);
    // Step 4 names the Gateway API bundle the pinned Envoy Gateway needs.
    expect(text).toContain(`must be ${ENVOY_GATEWAY_RELEASES[config.addons.envoyGateway.version].gatewayApi} or later`);
    expect(readDoc(MASTER_PLAN)).toContain(getCredentialsCommand(config));
    expect(readDoc('README.md')).toContain(getCredentialsCommand(config));
  });

  it('the runbook starts by checking where the domain is served, and names the DNS modes, billing and the ADC quota project', () => {
    const text = readDoc(RUNBOOK);
    const deploy = section(text, 'Deploy') ?? '';
    const firstShell = fences(deploy).find((f) => ['sh', 'bash', ''].includes(f.info))?.content ?? '';
    expect(firstShell).toContain(`dig NS ${config.dns.domain}`);
    expect(firstShell).toContain(`dig MX ${config.dns.domain}`);
    for (const needle of ['dns.mode', 'acme-cname', 'cnameStrategy: Follow', 'set-quota-project', 'billing', '--use_application_default_credentials']) {
      expect([needle, text.includes(needle)]).toEqual([needle, true]);
    }
  });

  it('the runbook has the verification checklist with the configured names', () => {
    const checklist = section(readDoc(RUNBOOK), 'Verification checklist') ?? '';
    const expected = [
      'npm run verify',
      `npm run verify -- --endpoint ${n.endpoints[0].hostname}`,
      'kubectl get gateway -A',
      'kubectl get httproute -A',
      `kubectl describe certificate -n ${config.gateway.namespace} ${n.certificates[0].name}`,
      'kubectl get challenge,order -A',
    ];
    expect(expected.filter((c) => !checklist.includes(c))).toEqual([]);
  });

  it('the runbook\'s terraform / tofu path states the backends the stacks are synthesized with', () => {
    const text = readDoc(RUNBOOK);
    // The backend a stack is synthesized with (GcpStack is the base of every stack).
    const backend = (c: typeof config) => (JSON.parse(Testing.synth(new GcpStack(Testing.app(), { model: resolve(c), kind: 'platform' }))) as {
      terraform: { backend: Record<string, Record<string, string>> };
    }).terraform.backend;
    const fill = (template: string) => template.replace('<project>', config.project.id).replace('<cluster>', config.cluster.name).replace('<stack kind>', 'platform');
    // Local state: relative to the stack folder, i.e. the repository's terraform-state/ with -chdir.
    const localTemplate = '../../../terraform-state/<project>/<cluster>/<stack kind>.tfstate';
    expect(text).toContain(`\`${localTemplate}\``);
    expect(backend(config)).toEqual({ local: { path: fill(localTemplate) } });
    // GCS state: the configured bucket, one prefix per cluster and stack kind.
    expect(text).toContain('prefix `<cluster>/<stack kind>`');
    expect(backend({ ...config, state: { ...config.state, bucket: 'example-tfstate' } })).toEqual({ gcs: { bucket: 'example-tfstate', prefix: fill('<cluster>/<stack kind>') } });
  });

  it('the edge goal and the runbook offer the same DNS modes', () => {
    const modes = configFields().get('dns.mode');
    expect(modes).toEqual(expect.arrayContaining(['zone', 'acme-cname']));
    for (const doc of [RUNBOOK, GOALS.edge]) {
      const text = readDoc(doc);
      expect([doc, modes!.filter((m) => !text.includes(`\`${m}\``))]).toEqual([doc, []]);
      expect(text).toContain('dns.mode');
    }
  });

  it('the goal docs name what they are about', () => {
    expect(missing(readDoc(GOALS.edge), {
      hostname: n.endpoints[0].hostname, gateway: config.gateway.name, namespace: config.gateway.namespace,
      certificate: n.certificates[0].name, tlsSecret: n.certificates[0].secretName, issuer: config.tls.issuers.production,
      staticIp: n.addressName, cluster: config.cluster.name,
    })).toEqual([]);
    expect(missing(readDoc(GOALS.dns01), {
      serviceAccount: n.dns01ServiceAccountEmail, role: n.dns01CustomRoleId, zone: config.dns.zoneName,
      workloadIdentityMember: n.workloadIdentityMember, keySecret: config.tls.dns01.keySecret.name,
      productionIssuer: config.tls.issuers.production, stagingIssuer: config.tls.issuers.staging,
    })).toEqual([]);
    expect(missing(readDoc(GOALS.staticIp), {
      staticIp: n.addressName, region: config.project.region, envoyProxy: n.envoyProxy, gateway: config.gateway.name,
      annotation: 'networking.gke.io/load-balancer-ip-addresses',
    })).toEqual([]);
  });
});

describe('stale forms', () => {
  const NEGATION = /\b(never|not|no|instead|trap|without|wrong)\b|n't/i;
  /** Forms from the original plan that may appear only on a line that says not to use them. */
  const STALE: { form: RegExp; lineMustMatch: RegExp; why: string }[] = [
    { form: /spec\.addresses/, lineMustMatch: NEGATION, why: 'the static IP is bound by the EnvoyProxy; Gateway.spec.addresses is only named as what not to do' },
    { form: /roles\/dns\.(admin|editor)/, lineMustMatch: NEGATION, why: 'the DNS-01 identity has a zone-scoped custom role' },
    { form: /installCRDs/, lineMustMatch: /deprecated/i, why: 'cert-manager takes crds.enabled' },
    { form: /\$\{?GKE_CLUSTER_NAME\}?-gw-ip/, lineMustMatch: /^$/, why: `write the static IP name as the config produces it: ${n.addressName}` },
    { form: /ai\/infra\/manifests/, lineMustMatch: /^$/, why: 'manifests are synthesized into dist/' },
  ];

  it.each(listDocs())('%s uses no stale form of the original plan', (doc) => {
    const offenders = readDoc(doc).split('\n').flatMap((line, i) => STALE
      .filter((s) => s.form.test(line) && !s.lineMustMatch.test(line))
      .map((s) => `${doc}:${i + 1}: ${line.trim()} (${s.why})`));
    expect(offenders).toEqual([]);
  });

  it('the runbook and the static IP goal explain why not Gateway.spec.addresses', () => {
    for (const doc of [RUNBOOK, GOALS.staticIp]) expect(readDoc(doc)).toMatch(/Gateway\.spec\.addresses/);
    expect(readDoc(GOALS.staticIp)).toMatch(/externalIPs/);
  });
});

describe('execution order and approval gates', () => {
  const distFiles = readdirSync(path.join(REPO, 'dist')).filter((f) => f.endsWith('.k8s.yaml')).sort();
  /** Offsets of commands inside shell blocks of a text, in order. */
  const shell = (text: string) => fences(text).filter((f) => ['sh', 'bash', ''].includes(f.info)).map((f) => f.content).join('\n');
  const order = (text: string, needles: (string | RegExp)[]) => needles.map((needle) => (typeof needle === 'string' ? text.indexOf(needle) : text.search(needle)));
  /** The apply of dist/, whatever its mode (commands.test.ts checks it is the one apply command). */

  it.each([
    [RUNBOOK, (t: string) => t],
    [MASTER_PLAN, (t: string) => section(t, 'Single execution path') ?? ''],
  ])('%s deploys the stacks in STACK_KINDS order, applies dist/ after addons and gates the DNS records', (doc, pick) => {
    const text = pick(readDoc(doc));
    const commands = shell(text);
    const steps = [...STACK_KINDS.slice(0, 3).map((id) => `npx cdktf deploy ${id}`), ...applyCommands(config, 'dist'), `npx cdktf deploy ${STACK_KINDS[3]}`];
    const at = order(commands, steps);
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Each gate is marked: the public DNS records and, in key mode, the key Secret.
    const gates = text.split('\n').filter((l) => /APPROVAL GATE/.test(l));
    expect(gates.some((l) => /dns|A record/i.test(l))).toBe(true);
    expect(gates.some((l) => /key Secret/i.test(l))).toBe(true);
  });

  it('the runbook rolls back in reverse: DNS records, dist/ files from last to first, addons, platform', () => {
    const rollback = section(readDoc(RUNBOOK), 'Rollback') ?? '';
    const steps = [
      `npx cdktf destroy ${STACK_KINDS[3]}`,
      ...[...distFiles].reverse().map((f) => `kubectl delete -f dist/${f}`),
      'npx cdktf destroy addons',
      'deletionProtection: false',
      'npx cdktf deploy platform',
      'npx cdktf destroy platform',
    ];
    const at = order(rollback, steps);
    expect(steps.filter((_, i) => at[i] < 0)).toEqual([]);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('the dist/ files the docs walk through are the ones synthesis writes', () => {
    const text = prose(readDoc(MASTER_PLAN));
    expect(distFiles.filter((f) => !text.includes(`dist/${f}`))).toEqual([]);
  });
});
