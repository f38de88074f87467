import { createHash } from 'node:crypto';
import { STACK_KINDS, stackId, type StackKind } from './environment-names';
import { endpointName, hostnameSlug } from './hostname';
import type { Config } from './schema';

// Every name that both halves (or the docs) must agree on is derived here, once.

/** Names belonging to one endpoint. */
export interface EndpointNames {
  readonly hostname: string;
  /** Short name: listener, route and policy names derive from it. */
  readonly name: string;
  readonly listener: string;
  readonly route: string;
  readonly certificate: string;
  readonly tlsSecret: string;
  readonly securityPolicy: string;
  /**
   * With allowCidrs, the endpoint's own HTTP->HTTPS redirect route, so the allowlist covers it too
   * (a client outside it gets 403, not a redirect); open endpoints share the Gateway's redirect route.
   */
  readonly redirectRoute?: string;
  /** Fully qualified record name, with the trailing dot Cloud DNS requires. */
  readonly recordName: string;
}

export interface Names {
  readonly addressName: string;
  readonly network: string;
  readonly subnet: string;
  readonly podsRange: string;
  readonly servicesRange: string;
  readonly router: string;
  readonly nat: string;
  readonly envoyProxy: string;
  readonly httpListener: string;
  readonly redirectRoute: string;
  readonly placeholderPolicy: string;
  readonly activeIssuer: string;
  /** The DNS name of the project's Cloud DNS zone: the domain ('zone' mode) or the challenge domain ('acme-cname'). */
  readonly zoneDnsName: string;
  /** The Cloud DNS zone holding the endpoints' A records; undefined when the operator creates them elsewhere. */
  readonly recordsZone: string | undefined;
  /** acme-cname mode: `_acme-challenge.<host>.` CNAME -> a name in the challenge zone, one per hostname. */
  readonly acmeChallengeCnames: readonly { readonly id: string; readonly name: string; readonly target: string }[];
  /** The dedicated node service account (Autopilot nodes), in place of the Compute Engine default. */
  readonly nodeServiceAccountId: string;
  readonly dns01ServiceAccountId: string;
  readonly dns01ServiceAccountEmail: string;
  /** Each stack kind's id in this environment. */
  readonly stackIds: Readonly<Record<StackKind, string>>;
  /** Local Terraform state: `<localStateDir>/<kind>.tfstate`, relative to the repository root. */
  readonly localStateDir: string;
  /** GCS state: `<stateBucketPrefix>/<kind>` in state.bucket. */
  readonly stateBucketPrefix: string;
  readonly dns01CustomRoleId: string;
  /** The Kubernetes service account the cert-manager chart creates (release name `cert-manager`). */
  readonly certManagerKsa: string;
  readonly workloadIdentityMember: string;
  readonly endpoints: readonly EndpointNames[];
  /** Certificate objects to create: one per endpoint, or one shared. */
  readonly certificates: readonly { name: string; secretName: string; dnsNames: string[] }[];
}

/**
 * A service account id (6-30 characters) derived from the cluster name: `<cluster>-<role>` when it
 * fits, else a prefix plus a short hash of the whole name, so two clusters never share one.
 */
function serviceAccountId(cluster: string, role: string): string {
  const plain = `${cluster}-${role}`;
  if (plain.length <= 30) return plain;
  const hash = createHash('sha256').update(cluster).digest('hex').slice(0, 6);
  return `${cluster.slice(0, 30 - role.length - 8).replace(/-+$/, '')}-${hash}-${role}`;
}

export function names(config: Config): Names {
  const cluster = config.cluster.name;
  const shared = config.tls.certificates === 'shared';
  const sharedCertificate = config.gateway.name;
  const endpoints = config.endpoints.map((e): EndpointNames => {
    const name = endpointName(e);
    const certificate = shared ? sharedCertificate : hostnameSlug(e.hostname);
    return {
      hostname: e.hostname,
      name,
      listener: `https-${name}`,
      route: name,
      certificate,
      tlsSecret: `${certificate}-tls`,
      securityPolicy: `${name}-allowlist`,
      ...(e.allowCidrs ? { redirectRoute: `${name}-https-redirect` } : {}),
      recordName: `${e.hostname}.`,
    };
  });
  const certificates = shared
    ? [{ name: sharedCertificate, secretName: `${sharedCertificate}-tls`, dnsNames: endpoints.map((e) => e.hostname) }]
    : endpoints.map((e) => ({ name: e.certificate, secretName: e.tlsSecret, dnsNames: [e.hostname] }));
  const certManagerKsa = 'cert-manager';
  const acmeCname = config.dns.mode === 'acme-cname';
  const dns01Account = config.tls.dns01.serviceAccountId ?? serviceAccountId(cluster, 'dns01');
  return {
    addressName: `${cluster}-gw-ip`,
    network: `${cluster}-vpc`,
    subnet: `${cluster}-nodes`,
    podsRange: `${cluster}-pods`,
    servicesRange: `${cluster}-services`,
    router: `${cluster}-router`,
    nat: `${cluster}-nat`,
    envoyProxy: `${config.gateway.name}-proxy`,
    httpListener: 'http',
    redirectRoute: `${config.gateway.name}-https-redirect`,
    placeholderPolicy: `${config.placeholder.name}-from-gateway`,
    activeIssuer: config.tls.issuers[config.tls.acme],
    zoneDnsName: `${acmeCname ? config.dns.challengeDomain : config.dns.domain}.`,
    recordsZone: acmeCname ? config.dns.parentZone : config.dns.zoneName,
    acmeChallengeCnames: acmeCname
      ? endpoints.map((e) => ({ id: e.name, name: `_acme-challenge.${e.hostname}.`, target: `${hostnameSlug(e.hostname)}.${config.dns.challengeDomain}.` }))
      : [],
    nodeServiceAccountId: serviceAccountId(cluster, 'nodes'),
    dns01ServiceAccountId: dns01Account,
    dns01ServiceAccountEmail: `${dns01Account}@${config.project.id}.iam.gserviceaccount.com`,
    // Custom role ids are project-wide ([a-zA-Z0-9_.], at most 64): one per cluster.
    dns01CustomRoleId: `certManagerDns01Solver_${cluster.replace(/-/g, '_')}`,
    stackIds: Object.fromEntries(STACK_KINDS.map((kind) => [kind, stackId(config.environment, kind)])) as Record<StackKind, string>,
    // Local state outside cdktf.out (which every synthesis replaces), one folder per project and cluster.
    localStateDir: `terraform-state/${config.project.id}/${cluster}`,
    stateBucketPrefix: cluster,
    certManagerKsa,
    workloadIdentityMember: `serviceAccount:${config.project.id}.svc.id.goog[${config.addons.certManager.namespace}/${certManagerKsa}]`,
    endpoints,
    certificates,
  };
}

/**
 * A construct id from a user-chosen string. Construct ids are keys of a plain object in the
 * `constructs` library, so "constructor" or "__proto__" collide with Object.prototype, and "/" is
 * rewritten to "--"; the prefix keeps every id an own, distinct key, and "/" and "%" are escaped.
 */
export function constructId(prefix: string, value: string): string {
  return `${prefix}${value.replace(/[%/]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`;
}
