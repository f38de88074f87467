import { configWith } from '../support/config';
import { changedPaths } from '../support/diff';
import { synthesize } from '../support/k8s-output';

// Each config field flows into exactly the fields that should carry it, and nowhere else.
const baseline = synthesize(configWith()).objects;
const changes = (change: (c: Record<string, any>) => void) => changedPaths(baseline, synthesize(configWith(change)).objects);

describe('changing one config value changes the right fields and nothing else', () => {
  test('tls.acme: production switches only the Certificate issuer', () => {
    expect(changes((c) => { c.tls = { acme: 'production' }; })).toEqual(['Certificate:spec.issuerRef.name']);
  });

  test('project.id changes only the issuers\' Cloud DNS project', () => {
    expect(changes((c) => { c.project.id = 'another-project'; })).toEqual(['ClusterIssuer:spec.acme.solvers[0].dns01.cloudDNS.project']);
  });

  test('dns.zoneName changes only the issuers\' hosted zone', () => {
    expect(changes((c) => { c.dns.zoneName = 'wti-net-public'; })).toEqual(['ClusterIssuer:spec.acme.solvers[0].dns01.cloudDNS.hostedZoneName']);
  });

  test('cluster.name changes only the static IP name the EnvoyProxy binds', () => {
    expect(changes((c) => { c.cluster.name = 'edge'; }))
      .toEqual(['EnvoyProxy:spec.provider.kubernetes.envoyService.annotations.networking.gke.io/load-balancer-ip-addresses']);
  });

  test('placeholder.replicas changes only the Deployment', () => {
    expect(changes((c) => { c.placeholder = { replicas: 3 }; })).toEqual(['Deployment:spec.replicas']);
  });

  test('gateway.envoy.resources changes only the proxy container resources', () => {
    expect(changes((c) => { c.gateway = { envoy: { resources: { cpu: '250m' } } }; })).toEqual([
      'EnvoyProxy:spec.provider.kubernetes.envoyDeployment.container.resources.limits.cpu',
      'EnvoyProxy:spec.provider.kubernetes.envoyDeployment.container.resources.requests.cpu',
    ]);
  });

  test('gateway.name renames the Gateway and everything that refers to it', () => {
    expect(changes((c) => { c.gateway = { name: 'edge' }; })).toEqual([
      'EnvoyProxy:metadata.name',
      'Gateway:metadata.name',
      'Gateway:spec.infrastructure.parametersRef.name',
      'HTTPRoute:metadata.name',
      'HTTPRoute:spec.parentRefs[0].name',
      'NetworkPolicy:spec.ingress[0].from[0].podSelector.matchLabels.gateway.envoyproxy.io/owning-gateway-name',
    ]);
  });

  test('gateway.namespace moves every namespaced object and the policy\'s peer, nothing cluster-scoped but the Namespace', () => {
    const changed = changes((c) => { c.gateway = { namespace: 'edge' }; });
    expect(changed).toContain('Namespace:metadata.name');
    expect(changed).toContain('NetworkPolicy:spec.ingress[0].from[0].podSelector.matchLabels.gateway.envoyproxy.io/owning-gateway-namespace');
    expect(changed.filter((p) => p.startsWith('ClusterIssuer:') || p.startsWith('GatewayClass:'))).toEqual([]);
    expect(changed.filter((p) => !p.endsWith('metadata.namespace'))).toEqual([
      'Namespace:metadata.name',
      'NetworkPolicy:spec.ingress[0].from[0].podSelector.matchLabels.gateway.envoyproxy.io/owning-gateway-namespace',
    ]);
  });

  test('an endpoint hostname flows to the listener, Certificate, Secret and routes', () => {
    expect(changes((c) => { c.endpoints[0].hostname = 'conductor-beta.wti.net'; })).toEqual([
      'Certificate:metadata.name',
      'Certificate:spec.dnsNames[0]',
      'Certificate:spec.secretName',
      'Gateway:spec.listeners[1].hostname',
      'Gateway:spec.listeners[1].name',
      'Gateway:spec.listeners[1].tls.certificateRefs[0].name',
      'HTTPRoute:metadata.name',
      'HTTPRoute:spec.hostnames[0]',
      'HTTPRoute:spec.parentRefs[0].sectionName',
    ]);
  });
});
