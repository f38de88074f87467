import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { ClientAllowlist } from '../../src/k8s/constructs/client-allowlist';
import { EdgeGateway } from '../../src/k8s/constructs/edge-gateway';
import { EndpointRoute } from '../../src/k8s/constructs/endpoint-route';
import { EnvoyProxyConfig, type AddressBinding } from '../../src/k8s/constructs/envoy-proxy-config';
import { HttpsRedirectRoute } from '../../src/k8s/constructs/https-redirect-route';
import { PlaceholderApp } from '../../src/k8s/constructs/placeholder-app';

// Each construct on its own, with the fewest props it takes (as cdk8s-plus tests its constructs):
// what it promises holds whatever config the charts would derive the props from.

type K8sObject = { kind: string; metadata: { name: string; namespace?: string }; spec: any };

/** The objects one construct synthesizes in an empty chart. */
function synth(build: (scope: Construct) => void): K8sObject[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart) as K8sObject[];
}
const only = (objects: K8sObject[], kind: string): K8sObject => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

const PLACEHOLDER = {
  name: 'hello', policyName: 'hello-from-gateway', namespace: 'web', image: 'hashicorp/http-echo:1.0', text: 'hi',
  replicas: 1, cpu: kplus.Cpu.millis(100), memory: Size.gibibytes(1),
  allowFromPodLabels: { 'app.kubernetes.io/name': 'envoy' }, allowFromNamespace: 'envoy-gateway-system',
};

describe('PlaceholderApp', () => {
  test('its pod is Guaranteed (limits equal requests) and runs as the restricted Pod Security Standard requires', () => {
    const deployment = only(synth((s) => new PlaceholderApp(s, 'app', PLACEHOLDER)), 'Deployment');
    const [container] = deployment.spec.template.spec.containers;
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '1024Mi' }, limits: { cpu: '100m', memory: '1024Mi' } });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('only the given proxies, from the given namespace, reach it, on its port only', () => {
    const objects = synth((s) => new PlaceholderApp(s, 'app', PLACEHOLDER));
    const policy = only(objects, 'NetworkPolicy');
    expect(policy.metadata).toMatchObject({ name: 'hello-from-gateway', namespace: 'web' });
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'hello' } });
    expect(policy.spec.policyTypes).toContain('Ingress');
    expect(policy.spec.ingress).toEqual([{
      from: [{
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'envoy' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
      }],
      ports: [{ port: 5678, protocol: 'TCP' }],
    }]);
    // The Service forwards to that port and selects the same pods.
    const service = only(objects, 'Service');
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'hello' });
    expect(service.spec.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 5678 })]);
  });

  test('a disruption budget only with replicas to spare: with one replica it would only block node drains', () => {
    expect(synth((s) => new PlaceholderApp(s, 'app', PLACEHOLDER)).map((o) => o.kind)).not.toContain('PodDisruptionBudget');
    const budget = only(synth((s) => new PlaceholderApp(s, 'app', { ...PLACEHOLDER, replicas: 2 })), 'PodDisruptionBudget');
    expect(budget.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'hello' } } });
  });
});

const ROUTE = { namespace: 'web', gatewayName: 'edge', listenerName: 'https-app', hostname: 'app.example.com', serviceName: 'app', servicePort: 8080 };

describe('routes and the allowlist', () => {
  test('an endpoint route attaches to its own listener only and sends everything to its Service', () => {
    const route = only(synth((s) => new EndpointRoute(s, 'r', { name: 'app', ...ROUTE })), 'HTTPRoute');
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ name: 'edge', sectionName: 'https-app' })]);
    expect(route.spec.hostnames).toEqual(['app.example.com']);
    expect(route.spec.rules).toEqual([expect.objectContaining({ backendRefs: [expect.objectContaining({ kind: 'Service', name: 'app', port: 8080 })] })]);
  });

  test('the redirect route answers every path of its hostnames with a permanent redirect to HTTPS and no backend', () => {
    const route = only(synth((s) => new HttpsRedirectRoute(s, 'r', { name: 'edge-https-redirect', namespace: 'web', gatewayName: 'edge', listenerName: 'http', hostnames: ['a.example.com', 'b.example.com'] })), 'HTTPRoute');
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ name: 'edge', sectionName: 'http' })]);
    expect(route.spec.hostnames).toEqual(['a.example.com', 'b.example.com']);
    const [rule] = route.spec.rules;
    expect(rule.backendRefs).toBeUndefined();
    expect(rule.filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }]);
  });

  test('the allowlist denies every client of exactly the routes it names, except its ranges', () => {
    const policy = only(synth((s) => new ClientAllowlist(s, 'a', { name: 'app-allowlist', namespace: 'web', routeNames: ['app', 'app-https-redirect'], allowCidrs: ['203.0.113.0/24'] })), 'SecurityPolicy');
    expect(policy.metadata).toEqual({ name: 'app-allowlist', namespace: 'web' });
    expect(policy.spec.targetRefs.map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`)).toEqual(['HTTPRoute/app', 'HTTPRoute/app-https-redirect']);
    expect(policy.spec.authorization).toEqual({
      defaultAction: 'Deny',
      rules: [{ name: 'allow-listed-clients', action: 'Allow', principal: { clientCIDRs: ['203.0.113.0/24'] } }],
    });
  });
});

describe('EnvoyProxyConfig: how the proxy Service gets the reserved address', () => {
  const proxy = (address: AddressBinding, replicas = 1) => only(synth((s) => new EnvoyProxyConfig(s, 'p', { name: 'edge-proxy', namespace: 'web', address, replicas, cpu: '100m', memory: '128Mi' })), 'EnvoyProxy');
  const service = (address: AddressBinding) => proxy(address).spec.provider.kubernetes.envoyService;

  test('by address name: the GKE annotation and the backend-service based load balancer, no loadBalancerIP', () => {
    expect(service({ kind: 'name', addressName: 'edge-gw-ip', networkTier: 'PREMIUM' })).toEqual({
      type: 'LoadBalancer', externalTrafficPolicy: 'Local',
      annotations: { 'networking.gke.io/load-balancer-ip-addresses': 'edge-gw-ip', 'cloud.google.com/l4-rbs': 'enabled' },
    });
  });

  test('by IP: loadBalancerIP only; a Standard tier address says so, or the forwarding rule would be Premium', () => {
    expect(service({ kind: 'ip', ip: '203.0.113.10', networkTier: 'PREMIUM' })).toEqual({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerIP: '203.0.113.10' });
    expect(service({ kind: 'ip', ip: '203.0.113.10', networkTier: 'STANDARD' }).annotations).toEqual({ 'cloud.google.com/network-tier': 'Standard' });
  });

  test('Guaranteed proxies, and a disruption budget only with a proxy to spare', () => {
    const address: AddressBinding = { kind: 'name', addressName: 'edge-gw-ip', networkTier: 'PREMIUM' };
    const { kubernetes } = proxy(address).spec.provider;
    expect(kubernetes.envoyDeployment.container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
    expect(kubernetes.envoyPDB).toBeUndefined();
    expect(proxy(address, 2).spec.provider.kubernetes.envoyPDB).toEqual({ minAvailable: 1 });
  });
});

test('EdgeGateway: one HTTP listener and one HTTPS listener per hostname, each terminating with its own Secret, routes from its namespace only', () => {
  const gateway = only(synth((s) => new EdgeGateway(s, 'g', {
    name: 'edge', namespace: 'web', className: 'envoy', envoyProxyName: 'edge-proxy', httpListener: 'http',
    httpsListeners: [{ name: 'https-a', hostname: 'a.example.com', tlsSecret: 'a-tls' }, { name: 'https-b', hostname: 'b.example.com', tlsSecret: 'b-tls' }],
  })), 'Gateway');
  expect(gateway.spec.gatewayClassName).toBe('envoy');
  expect(gateway.spec.infrastructure.parametersRef).toEqual({ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'edge-proxy' });
  const listeners: { name: string; protocol: string; port: number; hostname?: string; tls?: { certificateRefs: { name: string }[] }; allowedRoutes: unknown }[] = gateway.spec.listeners;
  expect(listeners.map((l) => [l.name, l.protocol, l.port, l.hostname, l.tls?.certificateRefs.map((r) => r.name)])).toEqual([
    ['http', 'HTTP', 80, undefined, undefined],
    ['https-a', 'HTTPS', 443, 'a.example.com', ['a-tls']],
    ['https-b', 'HTTPS', 443, 'b.example.com', ['b-tls']],
  ]);
  for (const l of listeners) expect(l.allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
});
