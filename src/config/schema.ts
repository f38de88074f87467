import { z } from 'zod';
import { isIpv4Address, overlaps, parseCidr, publicAddressProblem } from './cidr';
import { DEFAULT_ENVIRONMENT } from './environment-names';
import { endpointName, HOSTNAME, hostnameProblem, hostnameSlug } from './hostname';
import { imageProblem } from './image-reference';
import { ENVOY_GATEWAY_RELEASES, PINNED, upgradeCommand, type Component } from './releases';
import { CPU_MILLIS, cpuMillis, MEMORY_MEBIBYTES, memoryMebibytes } from './quantity';
import { secretKind, stringValues } from './secret-values';

// One schema for both halves (CDKTF and cdk8s). Defaults come from the plan;
// config/default.yaml only states what a team must decide (project, cluster, endpoints).

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const ZONE = /^[a-z]+-[a-z]+[0-9]+-[a-z]$/;
const CLUSTER_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const GCP_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
// GCE labels: keys start with a letter; Google reserves the goog prefix.
const LABEL_KEY = /^(?!goog)[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
const SERVICE_ACCOUNT_ID = /^[a-z]([-a-z0-9]{4,28}[a-z0-9])$/;
const BUCKET = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
const EMAIL = /^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
// Service names are RFC 1035 labels: they must start with a letter.
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Namespaces Kubernetes, GKE and Autopilot reserve (gke-* includes gke-managed-*): objects there are not ours to create or label.
const SYSTEM_NAMESPACE = /^(default|kube-.*|gke-.*|gmp-system|gmp-public)$/;

/** A whole number from `min` to `max`, every problem reported as that range. */
const wholeNumber = (min: number, max: number, what = 'a whole number') => {
  const error = `must be ${what} from ${min} to ${max}`;
  // The schema's error applies to its checks too (Zod 4), so the range says it once.
  return z.int({ error }).min(min).max(max);
};

const flag = () => z.boolean({ error: 'must be true or false' });

/** A string of `min` to `max` characters. */
const text = (min: number, max: number) => {
  const error = `must be a string of ${min}-${max} characters`;
  return z.string({ error }).min(min).max(max);
};

/** A problem a refinement found, in the schema's own words, at `path` below the value refined. */
function report(ctx: z.RefinementCtx, message: string, path?: (string | number)[]): void {
  ctx.addIssue({ code: 'custom', message, path });
}

// One problem per value, the first: a check that only means something once the value is of the
// right form does not run on a value already refused (its message would only add noise).
const isValidSoFar = (payload: z.core.ParsePayload): boolean => payload.issues.length === 0;
/** True when a problem is already reported at `path`, below the value being refined. */
const reportedAt = (ctx: z.RefinementCtx, path: readonly (string | number)[]): boolean =>
  ctx.issues.some((issue) => JSON.stringify(issue.path) === JSON.stringify(path));

const pattern = (re: RegExp, allowed: string) =>
  z.string({ error: `must be a string: ${allowed}` }).regex(re, { error: (i) => `${JSON.stringify(i.input)} is not allowed: ${allowed}` });

/** A string checked by `problem` (undefined: fine), reported as `"value" <problem>: <allowed>`. */
const checked = (allowed: string, problem: (value: string) => string | undefined) =>
  z.string({ error: `must be a string: ${allowed}` }).superRefine((value, ctx) => {
    const found = problem(value);
    if (found) report(ctx, `${JSON.stringify(value)} ${found}: ${allowed}`);
  });

const HOSTNAME_ALLOWED = 'a lowercase RFC 1123 hostname with at least two labels, e.g. conductor.wti.net';
const hostname = checked(HOSTNAME_ALLOWED, (v) => (HOSTNAME.test(v) ? hostnameProblem(v) : 'is not allowed'));
const k8sName = pattern(DNS_LABEL, 'a lowercase RFC 1123 label of at most 63 characters (a-z, 0-9, -)');
const serviceName = pattern(DNS_1035_LABEL, 'a Service name: a lowercase RFC 1035 label of at most 63 characters, starting with a letter');
const namespace = checked('a namespace of our own: an RFC 1123 label, not default, kube-*, gke-* or gmp-*', (v) => {
  if (!DNS_LABEL.test(v)) return 'is not allowed';
  return SYSTEM_NAMESPACE.test(v) ? 'is a system namespace' : undefined;
});
const region = z.string({ error: 'must be a string: a GCP region, e.g. us-central1' }).superRefine((value, ctx) => {
  if (REGION.test(value)) return;
  report(ctx, ZONE.test(value)
    ? `${JSON.stringify(value)} is a zone; a region is needed, e.g. ${value.replace(/-[a-z]$/, '')}`
    : `${JSON.stringify(value)} is not allowed: a GCP region, e.g. us-central1`);
});
const cidr = (family: 'ipv4' | undefined, example: string) =>
  z.string({ error: `must be a string: a CIDR block, e.g. ${example}` }).refine((v) => parseCidr(v, family) !== undefined, {
    error: (i) => `${JSON.stringify(i.input)} is not allowed: ${family === 'ipv4' ? 'an IPv4' : 'an IPv4 or IPv6'} CIDR block with no host bits set, e.g. ${example}`,
  });
const cpu = checked(`a CPU quantity from ${CPU_MILLIS.min}m to ${CPU_MILLIS.max / 1000}: millicores (50m) or cores with up to three decimals (0.25)`, (v) => {
  const millis = cpuMillis(v);
  if (millis === undefined) return 'is not allowed';
  return millis < CPU_MILLIS.min || millis > CPU_MILLIS.max ? 'is out of range' : undefined;
});
const memory = checked(`a memory quantity from ${MEMORY_MEBIBYTES.min}Mi to ${MEMORY_MEBIBYTES.max / 1024}Gi in Mi or Gi, e.g. 64Mi`, (v) => {
  const mebibytes = memoryMebibytes(v);
  if (mebibytes === undefined) return 'is not allowed';
  return mebibytes < MEMORY_MEBIBYTES.min || mebibytes > MEMORY_MEBIBYTES.max ? 'is out of range' : undefined;
});
// YAML reads `cpu: 2` or `cpu: 0.5` as a number; Kubernetes takes either form, so numbers are read as written.
const cpuOrCores = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), cpu);
const resources = (cpuDefault: string, memoryDefault: string) =>
  z.strictObject({ cpu: cpuOrCores.default(cpuDefault), memory: memory.default(memoryDefault) }).prefault({});

const project = z.strictObject({
  id: pattern(PROJECT_ID, 'a GCP project ID: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter'),
  region: region.default('us-central1'),
});

const network = z.strictObject({
  subnetCidr: cidr('ipv4', '10.10.0.0/20').default('10.10.0.0/20'),
  podsCidr: cidr('ipv4', '10.16.0.0/14').default('10.16.0.0/14'),
  servicesCidr: cidr('ipv4', '10.20.0.0/20').default('10.20.0.0/20'),
  // VPC flow logs on the node subnet (5-minute aggregation, half of the flows sampled, with metadata).
  // Off by default: Cloud Logging bills every GiB they write, and the edge needs no flow records to work;
  // turn on for network forensics.
  flowLogs: flag().default(false),
}).superRefine(disjointRanges);

// The node, pod and service ranges share one VPC: any overlap breaks routing. No control-plane range:
// without master_ipv4_cidr_block GKE gives the control plane a Private Service Connect endpoint from the
// node subnet; setting it asks for the legacy VPC-peering control plane (google provider v6.50.0
// resource_container_cluster.go, expandPrivateClusterConfigMasterIpv4CidrBlock; neither access mode needs it).
function disjointRanges(network: Record<'subnetCidr' | 'podsCidr' | 'servicesCidr', string>, ctx: z.RefinementCtx) {
  const ranges = (['subnetCidr', 'podsCidr', 'servicesCidr'] as const)
    .map((field) => ({ field, cidr: parseCidr(network[field], 'ipv4') }));
  ranges.forEach((a, i) => ranges.slice(i + 1).forEach((b) => {
    if (a.cidr && b.cidr && overlaps(a.cidr, b.cidr)) {
      report(ctx, `${b.cidr.text} overlaps cluster.network.${a.field} ${a.cidr.text}; the ranges must not overlap`, [b.field]);
    }
  }));
}

// Who can reach the Kubernetes API server. 'dns' (default): only the DNS-based endpoint, authorized
// by IAM (container.clusters.connect); the IP endpoint is private (VPC only). 'public-ip': the public IP
// endpoint, open only to authorizedNetworks (required, a named broad choice).
const controlPlane = z.strictObject({
  access: z.enum(['dns', 'public-ip']).default('dns'),
  authorizedNetworks: z.array(z.strictObject({
    cidr: cidr('ipv4', '203.0.113.0/24').refine((v) => !v.endsWith('/0'), { when: isValidSoFar, error: 'must not be a /0: that opens the control plane to the whole internet; use access: dns instead' }),
    name: z.string().regex(/^[\w .,()-]{1,60}$/, { error: 'must be a short label: 1-60 letters, digits, spaces and . , ( ) - _' }),
  })).min(1, { error: 'must list at least one CIDR block, or be left out' }).optional(),
}).superRefine((cp, ctx) => {
  if (cp.access === 'public-ip' && cp.authorizedNetworks === undefined) {
    report(ctx, 'is required with access: public-ip: the client ranges allowed to reach the public control-plane endpoint, e.g. [{cidr: 203.0.113.0/24, name: office}]', ['authorizedNetworks']);
  }
  if (cp.access === 'dns' && cp.authorizedNetworks !== undefined) {
    report(ctx, 'is only used with access: public-ip; with access: dns the IP endpoint is private and access goes through IAM', ['authorizedNetworks']);
  }
});

const cluster = z.strictObject({
  name: pattern(CLUSTER_NAME, 'a GKE cluster name: 1-40 characters, lowercase letters, digits and hyphens, starting with a letter').default('wti-ai-autopilot'),
  releaseChannel: z.enum(['RAPID', 'REGULAR', 'STABLE']).default('REGULAR'),
  // Destroying the cluster takes two deliberate steps: set this false, deploy, then destroy.
  deletionProtection: flag().default(true),
  network: network.prefault({}),
  controlPlane: controlPlane.prefault({}),
  // GCE resource labels on the cluster (billing reports, inventory), besides `environment`, always set.
  labels: z.record(
    z.string(),
    pattern(LABEL_VALUE, 'a label value: at most 63 lowercase letters, digits, _ and -'),
    { error: 'must be a map of label keys to values, e.g. {team: platform}' },
  ).superRefine((labels, ctx) => {
    for (const key of Object.keys(labels)) {
      if (key === 'environment') report(ctx, 'is set from the environment name: leave it out', [key]);
      else if (!LABEL_KEY.test(key)) report(ctx, `${JSON.stringify(key)} is not allowed: a label key of 1-63 lowercase letters, digits, _ and -, starting with a letter, not goog*`, [key]);
    }
    // GCE allows 64 labels per resource; environment is one of them.
    if (Object.keys(labels).length > 63) report(ctx, 'must have at most 63 labels (GCE allows 64, one is environment)');
  })
    .default({}),
});

const dns = z.strictObject({
  domain: hostname.default('wti.net'),
  // The Cloud DNS zone *resource name* (cert-manager's hostedZoneName), not the DNS name.
  zoneName: pattern(GCP_NAME, 'a Cloud DNS zone name: lowercase letters, digits and hyphens, e.g. wti-net').default('wti-net'),
  // false: the zone exists already (managed elsewhere); it is looked up, never created or destroyed.
  createZone: flag().default(true),
  // 'zone': the project's zone serves `domain` (delegate it, or a subdomain such as conductor.wti.net;
  // or createZone: false for a zone already serving it). 'acme-cname': the parent zone stays where it
  // is; the project's zone serves only `challengeDomain`, and `_acme-challenge.<host>` CNAMEs there
  // (cert-manager cnameStrategy: Follow) let the DNS-01 identity touch nothing else.
  mode: z.enum(['zone', 'acme-cname']).default('zone'),
  // DNSSEC on the zone this project creates (unset: on). Signing alone changes nothing for resolvers;
  // it protects answers once the DS record is published at the registrar or parent zone (the platform
  // output dns_zone_ds_record, an approval gate). Cloud DNS charges nothing extra for it. With
  // createZone: false the zone is managed elsewhere: enable it there.
  dnssec: flag().optional(),
  // acme-cname only: the DNS name of zoneName, e.g. acme.wti.net (delegated to the zone's name servers).
  challengeDomain: hostname.optional(),
  // acme-cname only: an existing Cloud DNS zone in the project serving `domain`; the CNAMEs and A
  // records go there. Unset: the platform and dns-records stacks print the records to create by hand.
  parentZone: pattern(GCP_NAME, 'a Cloud DNS zone name: lowercase letters, digits and hyphens, e.g. wti-net').optional(),
}).superRefine((dns, ctx) => {
  if (dns.dnssec !== undefined && !dns.createZone && !reportedAt(ctx, ['dnssec'])) report(ctx, 'is only used with createZone: true: enable DNSSEC where the existing zone is managed', ['dnssec']);
  if (dns.mode === 'acme-cname') {
    if (dns.challengeDomain === undefined) report(ctx, 'is required with mode: acme-cname: the DNS name of the zone the CNAMEs point into, e.g. acme.wti.net', ['challengeDomain']);
    else if (dns.challengeDomain === dns.domain && !reportedAt(ctx, ['challengeDomain'])) report(ctx, `must differ from dns.domain ${dns.domain}: the parent domain stays where it is served today`, ['challengeDomain']);
    if (dns.parentZone === dns.zoneName && !reportedAt(ctx, ['parentZone'])) report(ctx, 'must differ from dns.zoneName: the challenge zone and the parent zone are separate zones', ['parentZone']);
  } else {
    for (const field of ['challengeDomain', 'parentZone'] as const) {
      if (dns[field] !== undefined && !reportedAt(ctx, [field])) report(ctx, 'is only used with mode: acme-cname', [field]);
    }
  }
});

const gateway = z.strictObject({
  namespace: namespace.default('wti-ai'),
  name: k8sName.default('conductor-gateway'),
  className: k8sName.default('envoy-gateway'),
  address: z.strictObject({
    // Unset: bind by address name (works before the IP is known). Set: bind by value (loadBalancerIP).
    ip: checked('a public IPv4 address (dotted quad, no leading zeros), the one reserved for the gateway',
      (v) => (isIpv4Address(v) ? publicAddressProblem(v) : 'is not allowed')).optional(),
    networkTier: z.enum(['PREMIUM', 'STANDARD']).default('PREMIUM'),
  }).prefault({}),
  envoy: z.strictObject({
    replicas: wholeNumber(1, 10).default(2),
    resources: resources('100m', '128Mi'),
  }).prefault({}),
});

const tls = z.strictObject({
  acme: z.enum(['staging', 'production']).default('staging'),
  email: pattern(EMAIL, 'an email address for Let\'s Encrypt expiry notices').optional(),
  issuers: z.strictObject({
    production: k8sName.default('letsencrypt-dns01'),
    staging: k8sName.default('letsencrypt-dns01-staging'),
  }).prefault({}),
  // 'per-endpoint': one Certificate and Secret per hostname; 'shared': one Certificate for all.
  certificates: z.enum(['per-endpoint', 'shared']).default('per-endpoint'),
  dns01: z.strictObject({
    credentials: z.enum(['workload-identity', 'service-account-key']).default('workload-identity'),
    // Unset: derived from the cluster name (<cluster>-dns01), so environments sharing a project never collide.
    serviceAccountId: pattern(SERVICE_ACCOUNT_ID, 'a service account ID: 6-30 characters, lowercase letters, digits and hyphens').optional(),
    // Only used in service-account-key mode; the Secret is created by hand (approval gate), never synthesized.
    keySecret: z.strictObject({
      name: k8sName.default('clouddns-dns01-svc-acct'),
      key: z.string().regex(/^(?!\.\.?$)[-._a-zA-Z0-9]{1,253}$/, { error: 'must be a Secret data key: letters, digits, -, _ and . (not "." or "..")' }).default('key.json'),
    }).prefault({}),
  }).prefault({}),
});

const backend = z.union([
  z.literal('placeholder'),
  z.strictObject({
    service: serviceName,
    port: wholeNumber(1, 65535, 'a port number'),
  }),
], { error: 'must be "placeholder" or {service: <Service name in the gateway namespace>, port: <1-65535>}' });

const endpoint = z.strictObject({
  // Defaults to the first label of the hostname; used for the listener, route and policy names.
  name: k8sName.optional(),
  hostname,
  backend: backend.default('placeholder'),
  // With allowCidrs, only these client ranges reach the endpoint (Envoy Gateway SecurityPolicy).
  allowCidrs: z.array(cidr(undefined, '203.0.113.0/24')).min(1, { error: 'must list at least one CIDR block, or be left out' }).optional(),
});

// Endpoint names become Kubernetes names: two that collide would silently overwrite each other.
function uniqueEndpoints(endpoints: z.output<typeof endpoint>[], ctx: z.RefinementCtx) {
  const seen = { hostname: new Map<string, number>(), name: new Map<string, number>(), slug: new Map<string, number>() };
  endpoints.forEach((e, i) => {
    if (reportedAt(ctx, [i, 'hostname'])) return;
    const claim = (kind: keyof typeof seen, value: string, field: string, what: string) => {
      const first = seen[kind].get(value);
      if (first === undefined) seen[kind].set(value, i);
      else report(ctx, `${what} ${JSON.stringify(value)} is already used by endpoints[${first}]; each endpoint needs its own`, [i, field]);
      return first === undefined;
    };
    // One message per endpoint: a repeated hostname implies the derived names repeat too.
    void (claim('hostname', e.hostname, 'hostname', 'hostname')
      && claim('slug', hostnameSlug(e.hostname), 'hostname', 'Kubernetes name')
      && (reportedAt(ctx, [i, 'name']) || claim('name', endpointName(e), 'name', 'endpoint name')));
    if (hostnameSlug(e.hostname).length > 59) {
      report(ctx, `${JSON.stringify(e.hostname)} is too long: its Certificate and Secret names must stay within 63 characters (hostname at most 59)`, [i, 'hostname']);
    }
  });
}

const placeholder = z.strictObject({
  name: serviceName.default('placeholder'),
  // Pinned tag: hashicorp/http-echo has no USER, so runAsUser is set explicitly in the chart.
  image: checked('an image reference with a tag (not latest) or a digest, e.g. hashicorp/http-echo:1.0.0', imageProblem).default('hashicorp/http-echo:1.0.0'),
  text: text(1, 200).default('hello from conductor placeholder'),
  replicas: wholeNumber(1, 10).default(2),
  resources: resources('50m', '64Mi'),
});

// An add-on's version is the one crds/ and imports/ are pinned to: the objects are checked against
// those schemas, so another version would pass checks written for a different API. Left out, it is
// the pinned one; an upgrade moves the pins first.
const pinnedVersion = (component: Component) =>
  pattern(/^v\d+\.\d+\.\d+$/, `a release tag, e.g. ${PINNED[component]}`)
    .refine((v) => v === PINNED[component], {
      when: isValidSoFar,
      error: (i) => `${JSON.stringify(i.input)} is not the pinned release ${PINNED[component]} (crds/index.json, imports/); to upgrade, run ${upgradeCommand(component, String(i.input))} (versions left out follow the pins) and review the diff`,
    })
    .default(PINNED[component]);

const addons = z.strictObject({
  certManager: z.strictObject({
    version: pinnedVersion('cert-manager'),
    namespace: namespace.default('cert-manager'),
  }).prefault({}),
  envoyGateway: z.strictObject({
    version: pinnedVersion('envoy-gateway').superRefine((v, ctx) => {
      const release = ENVOY_GATEWAY_RELEASES[v];
      if (!release) {
        report(ctx, `${JSON.stringify(v)} has no entry in src/config/releases.ts (the proxy pod labels the placeholder's NetworkPolicy admits): add it from the Envoy Gateway source at that tag`);
      } else if (release.gatewayApi !== PINNED['gateway-api']) {
        report(ctx, `Envoy Gateway ${v} needs Gateway API ${release.gatewayApi}, but crds/ pins ${PINNED['gateway-api']}; run ${upgradeCommand('gateway-api', release.gatewayApi)}`);
      }
    }, { when: isValidSoFar }),
    namespace: namespace.default('envoy-gateway-system'),
    // 'gke-managed': the cluster's Gateway API add-on owns those CRDs; the chart installs only Envoy Gateway's.
    gatewayApiCrds: z.enum(['install', 'gke-managed']).default('install'),
  }).prefault({}),
  // How the addons stack's Helm provider authenticates to the cluster (gke-gcloud-auth-plugin):
  // 'application-default' (default), the credentials the Google provider uses, so CI needs nothing else;
  // 'gcloud', gcloud's logged-in account (as kubectl): the fallback when the DNS endpoint check in the
  // runbook refuses the application-default token.
  helmCredentials: z.enum(['application-default', 'gcloud']).default('application-default'),
});

const state = z.strictObject({
  // Unset: local state files. Set: GCS backend, one prefix per stack, bucket made by the state stack.
  bucket: z.string().superRefine((value, ctx) => {
    if (!BUCKET.test(value) || value.startsWith('goog') || value.includes('google') || isIpv4Address(value)) {
      report(ctx, `${JSON.stringify(value)} is not allowed: a GCS bucket name of 3-63 lowercase letters, digits, - and _, not starting with "goog", not containing "google", not an IP address`);
    }
  }).optional(),
  location: z.string().regex(/^[A-Z0-9-]+$/i, { error: 'must be a GCS location, e.g. US or US-CENTRAL1' }).default('US'),
  // false: another environment's state stack creates the bucket; this one only keeps its state there.
  createBucket: flag().default(true),
}).prefault({});

// Environment names prefix stack ids (<env>-dns-records) and name output folders (dist-<env>).
const ENVIRONMENT = /^[a-z]([-a-z0-9]{0,18}[a-z0-9])?$/;

export const configSchema = z.strictObject({
  // 'default': dist/ and the plain stack ids. A file config/environments/<name>.yaml is environment <name>.
  environment: pattern(ENVIRONMENT, 'an environment name: 1-20 lowercase letters, digits and hyphens, starting with a letter, e.g. staging').default(DEFAULT_ENVIRONMENT),
  project,
  cluster: cluster.prefault({}),
  dns: dns.prefault({}),
  gateway: gateway.prefault({}),
  tls: tls.prefault({}),
  endpoints: z.array(endpoint, { error: 'must be a list of endpoints' })
    .min(1, { error: 'must list at least one endpoint' })
    // A Gateway holds at most 64 listeners (Gateway API maxItems): one HTTP plus one HTTPS per endpoint.
    .max(63, { error: 'must list at most 63 endpoints: a Gateway holds at most 64 listeners (one HTTP, one HTTPS per endpoint)' })
    .superRefine(uniqueEndpoints),
  placeholder: placeholder.prefault({}),
  addons: addons.prefault({}),
  state,
}).superRefine((config, ctx) => {
  // Needs both sections: runs once every section has its type, and skips values already refused.
  config.endpoints.forEach((e, i) => {
    if (reportedAt(ctx, ['endpoints', i, 'hostname']) || reportedAt(ctx, ['dns', 'domain'])) return;
    if (e.hostname !== config.dns.domain && !e.hostname.endsWith(`.${config.dns.domain}`)) {
      report(ctx, `${JSON.stringify(e.hostname)} is not in the DNS zone ${config.dns.domain}; allowed: hostnames ending in .${config.dns.domain}`, ['endpoints', i, 'hostname']);
    }
  });
  // Everything in the config ends up in dist/, cdktf.out/ or Terraform state: no credentials.
  for (const [value, at] of stringValues(config)) {
    const kind = secretKind(value);
    if (kind) report(ctx, `looks like a credential (${kind}); secrets never go into the configuration: create them in the cluster or Secret Manager instead`, at);
  }
  // Names derived from several fields (two objects sharing one) are checked after parsing:
  // src/config/derived-objects.ts, called by the loader.
});

/** The configuration after defaults and validation. */
export type Config = z.output<typeof configSchema>;
export type Endpoint = Config['endpoints'][number];
