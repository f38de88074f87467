import { formatPath } from './format-path';
import { names } from './names';
import type { Config } from './schema';

/** One object synthesis creates, with the config field its name comes from. */
export interface DerivedObject {
  /** Kubernetes kind (or Terraform resource type, or "Gateway listener"). */
  readonly kind: string;
  /** The namespace for namespaced kinds; the Gateway for listeners; undefined when cluster-wide. */
  readonly scope?: string;
  readonly name: string;
  readonly field: readonly (string | number)[];
}

/**
 * Every object whose name derives from the config, so two that would share a kind, scope and name
 * (and overwrite each other) are found before synthesis: an endpoint named like the redirect
 * route, issuers with one name, a key Secret named like an ACME account key, a gateway namespace
 * that a Helm release also creates.
 */
export function derivedObjects(config: Config): DerivedObject[] {
  const n = names(config);
  const { gateway, tls, addons, placeholder } = config;
  const ns = gateway.namespace;
  const certManagerNs = addons.certManager.namespace;
  const objects: DerivedObject[] = [
    { kind: 'Namespace', name: ns, field: ['gateway', 'namespace'] },
    // Created by the Helm releases (createNamespace): a namespace has one owner.
    { kind: 'Namespace', name: certManagerNs, field: ['addons', 'certManager', 'namespace'] },
    { kind: 'Namespace', name: addons.envoyGateway.namespace, field: ['addons', 'envoyGateway', 'namespace'] },
    { kind: 'GatewayClass', name: gateway.className, field: ['gateway', 'className'] },
    { kind: 'ClusterIssuer', name: tls.issuers.production, field: ['tls', 'issuers', 'production'] },
    { kind: 'ClusterIssuer', name: tls.issuers.staging, field: ['tls', 'issuers', 'staging'] },
    // cert-manager keeps each issuer's ACME account key in its own namespace.
    { kind: 'Secret', scope: certManagerNs, name: `${tls.issuers.production}-account-key`, field: ['tls', 'issuers', 'production'] },
    { kind: 'Secret', scope: certManagerNs, name: `${tls.issuers.staging}-account-key`, field: ['tls', 'issuers', 'staging'] },
    ...(tls.dns01.credentials === 'service-account-key'
      ? [{ kind: 'Secret', scope: certManagerNs, name: tls.dns01.keySecret.name, field: ['tls', 'dns01', 'keySecret', 'name'] }]
      : []),
    { kind: 'EnvoyProxy', scope: ns, name: n.envoyProxy, field: ['gateway', 'name'] },
    { kind: 'Gateway', scope: ns, name: gateway.name, field: ['gateway', 'name'] },
    { kind: 'Gateway listener', scope: gateway.name, name: n.httpListener, field: ['gateway', 'name'] },
    ...(n.endpoints.some((e) => !e.redirectRoute) ? [{ kind: 'HTTPRoute', scope: ns, name: n.redirectRoute, field: ['gateway', 'name'] }] : []),
    ...n.certificates.flatMap((c, i) => {
      const field = tls.certificates === 'shared' ? ['gateway', 'name'] : ['endpoints', i, 'hostname'];
      return [{ kind: 'Certificate', scope: ns, name: c.name, field }, { kind: 'Secret', scope: ns, name: c.secretName, field }];
    }),
    ...n.endpoints.flatMap((e, i): DerivedObject[] => [
      { kind: 'HTTPRoute', scope: ns, name: e.route, field: ['endpoints', i, 'name'] },
      { kind: 'Gateway listener', scope: gateway.name, name: e.listener, field: ['endpoints', i, 'name'] },
      ...(config.endpoints[i].allowCidrs ? [{ kind: 'SecurityPolicy', scope: ns, name: e.securityPolicy, field: ['endpoints', i, 'name'] }] : []),
      ...(e.redirectRoute ? [{ kind: 'HTTPRoute', scope: ns, name: e.redirectRoute, field: ['endpoints', i, 'name'] }] : []),
      { kind: 'google_dns_record_set', name: e.recordName, field: ['endpoints', i, 'hostname'] },
    ]),
  ];
  if (config.endpoints.some((e) => e.backend === 'placeholder')) {
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) objects.push({ kind, scope: ns, name: placeholder.name, field: ['placeholder', 'name'] });
    objects.push({ kind: 'NetworkPolicy', scope: ns, name: n.placeholderPolicy, field: ['placeholder', 'name'] });
  }
  return objects;
}

/** Pairs of objects that would share kind, scope and name: [the later one, the one it collides with]. */
function collisions(objects: readonly DerivedObject[]): [DerivedObject, DerivedObject][] {
  const seen = new Map<string, DerivedObject>();
  const found: [DerivedObject, DerivedObject][] = [];
  for (const object of objects) {
    const key = JSON.stringify([object.kind, object.scope ?? '', object.name]);
    const first = seen.get(key);
    if (first) found.push([object, first]);
    else seen.set(key, object);
  }
  return found;
}

/**
 * The config fields whose derived objects would share a kind, scope and name with another's, one
 * problem per field. Runs on a config that passed the schema: derived names only mean something
 * once every field is valid.
 */
export function nameCollisions(config: Config): { readonly path: readonly (string | number)[]; readonly message: string }[] {
  const reported = new Set<string>();
  const problems: { path: readonly (string | number)[]; message: string }[] = [];
  for (const [object, first] of collisions(derivedObjects(config))) {
    const field = JSON.stringify(object.field);
    if (reported.has(field)) continue;
    reported.add(field);
    const where = object.scope ? ` in ${object.kind === 'Gateway listener' ? 'Gateway' : 'namespace'} ${object.scope}` : '';
    problems.push({ path: object.field, message: `${object.kind} ${JSON.stringify(object.name)}${where} is also derived from ${formatPath(first.field)}; two objects cannot share a name: choose another` });
  }
  return problems;
}
