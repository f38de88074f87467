import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { ClientAllowlist } from '../../src/k8s/constructs/client-allowlist';
import { EndpointRoute } from '../../src/k8s/constructs/endpoint-route';
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
