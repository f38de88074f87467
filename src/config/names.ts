import type { Config, Endpoint } from './schema';

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
  readonly dnsName: string;
  readonly dns01ServiceAccountEmail: string;
  readonly dns01CustomRoleId: string;
  /** The Kubernetes service account the cert-manager chart creates (release name `cert-manager`). */
  readonly certManagerKsa: string;
  readonly workloadIdentityMember: string;
  readonly endpoints: readonly EndpointNames[];
  /** Certificate objects to create: one per endpoint, or one shared. */
  readonly certificates: readonly { name: string; secretName: string; dnsNames: string[] }[];
}

/** The Kubernetes-name form of a hostname (Certificate and Secret names). */
export function hostnameSlug(hostname: string): string {
  return hostname.replace(/\./g, '-');
}

/** An endpoint's short name: as configured, else the first label of its hostname. */
export function endpointName(endpoint: Pick<Endpoint, 'name' | 'hostname'>): string {
  return endpoint.name ?? endpoint.hostname.split('.')[0];
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
      recordName: `${e.hostname}.`,
    };
  });
  const certificates = shared
    ? [{ name: sharedCertificate, secretName: `${sharedCertificate}-tls`, dnsNames: endpoints.map((e) => e.hostname) }]
    : endpoints.map((e) => ({ name: e.certificate, secretName: e.tlsSecret, dnsNames: [e.hostname] }));
  const certManagerKsa = 'cert-manager';
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
    dnsName: `${config.dns.domain}.`,
    dns01ServiceAccountEmail: `${config.tls.dns01.serviceAccountId}@${config.project.id}.iam.gserviceaccount.com`,
    dns01CustomRoleId: 'certManagerDns01Solver',
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
