import { names } from '../../src/config/names';
import { ENVOY_GATEWAY_CONTROLLER } from '../../src/k8s/charts/cluster-chart';
import { configWith } from '../support/config';
import { synthesize, type K8sObject } from '../support/k8s-output';
import { modelProblems } from '../support/k8s-models';

const config = configWith();
const n = names(config);
const out = synthesize(config);

const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass', 'ClusterIssuer']);

describe('dist/ files', () => {
  test('one file per chart, numbered in apply order', () => {
    expect([...out.files.keys()]).toEqual([
      '0000-cluster.k8s.yaml',
      '0001-placeholder.k8s.yaml',
      '0002-certificates.k8s.yaml',
      '0003-gateway.k8s.yaml',
      '0004-routes.k8s.yaml',
    ]);
  });

  test('dist/Kustomization lists every manifest in apply order, for Argo CD / Flux', () => {
    expect(out.kustomization).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [...out.files.keys()],
    });
  });

  test('kubectl apply -f dist/ reads only Kubernetes objects: the kustomize file has no .yaml/.yml/.json ending', () => {
    const readByKubectl = out.written.filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(readByKubectl).toEqual([...out.files.keys()]);
    expect(out.written).toEqual([...out.files.keys(), 'Kustomization'].sort());
    for (const object of out.objects) expect(object.kind).not.toBe('Kustomization');
  });

  test.each([...out.files.keys()])('%s matches its reviewed snapshot', (file) => {
    expect(out.files.get(file)).toMatchSnapshot();
  });

  test('the namespace and cluster-scoped objects come first, the EnvoyProxy before the Gateway', () => {
    const kinds = out.objects.map((o) => o.kind);
    expect(out.byFile.get('0000-cluster.k8s.yaml')!.map((o) => o.kind)).toEqual(['Namespace', 'GatewayClass', 'ClusterIssuer', 'ClusterIssuer']);
    expect(kinds.indexOf('EnvoyProxy')).toBeLessThan(kinds.indexOf('Gateway'));
    expect(kinds.indexOf('Certificate')).toBeLessThan(kinds.indexOf('Gateway'));
    expect(kinds.lastIndexOf('Gateway')).toBeLessThan(kinds.indexOf('HTTPRoute'));
  });

  test('cluster-scoped objects carry no namespace; namespaced ones are all in the configured namespace', () => {
    for (const o of out.objects) {
      if (CLUSTER_SCOPED.has(o.kind)) expect(o.metadata.namespace).toBeUndefined();
      else expect(`${o.kind}/${o.metadata.namespace}`).toBe(`${o.kind}/${config.gateway.namespace}`);
    }
  });

  test('names are the configured ones: no hash suffixes, no cdk8s address labels', () => {
    expect(out.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/wti-ai',
      'GatewayClass/envoy-gateway',
      'ClusterIssuer/letsencrypt-dns01',
      'ClusterIssuer/letsencrypt-dns01-staging',
      'Deployment/placeholder',
      'Service/placeholder',
      'PodDisruptionBudget/placeholder',
      'NetworkPolicy/placeholder-from-gateway',
      'Certificate/conductor-wti-net',
      'EnvoyProxy/conductor-gateway-proxy',
      'Gateway/conductor-gateway',
      'HTTPRoute/conductor-gateway-https-redirect',
      'HTTPRoute/conductor',
    ]);
    const text = [...out.files.values()].join('\n');
    expect(text).not.toMatch(/cdk8s\.io\/metadata\.addr/);
    expect(text).not.toMatch(/-c8[0-9a-f]{6}\b/);
  });
});

// The real API server with the pinned CRDs checks every kind in `npm run consumers`.
describe('core and cert-manager objects are accepted by their kubernetes-models schema', () => {
  test.each(out.objects.map((o) => [`${o.kind}/${o.metadata.name}`, o] as const))('%s', (_, object) => {
    expect(modelProblems(object)).toEqual([]);
  });
});

describe('names agree across objects', () => {
  const gateway = out.find('Gateway');
  const listeners: any[] = gateway.spec.listeners;
  const https = listeners.filter((l) => l.protocol === 'HTTPS');

  test('the Gateway uses the GatewayClass Envoy Gateway controls, and the EnvoyProxy in its namespace', () => {
    expect(out.find('GatewayClass').spec.controllerName).toBe(ENVOY_GATEWAY_CONTROLLER);
    expect(gateway.spec.gatewayClassName).toBe(out.find('GatewayClass').metadata.name);
    const proxy = out.find('EnvoyProxy');
    expect(gateway.spec.infrastructure.parametersRef).toEqual({ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: proxy.metadata.name });
    expect(proxy.metadata.namespace).toBe(gateway.metadata.namespace);
  });

  test('one HTTPS listener per endpoint, terminating with the Secret its Certificate writes', () => {
    expect(https.map((l) => l.hostname)).toEqual(config.endpoints.map((e) => e.hostname));
    for (const listener of https) {
      expect(listener.port).toBe(443);
      expect(listener.tls.mode).toBe('Terminate');
      const [ref] = listener.tls.certificateRefs;
      const certificate = out.all('Certificate').find((c) => c.spec.secretName === ref.name);
      expect(certificate?.spec.dnsNames).toContain(listener.hostname);
      expect(ref).toEqual({ group: '', kind: 'Secret', name: 'conductor-wti-net-tls' });
    }
  });

  test('an HTTP listener on 80 without TLS, for the redirect', () => {
    const http = listeners.find((l) => l.protocol === 'HTTP');
    expect(http).toMatchObject({ name: n.httpListener, port: 80 });
    expect(http.tls).toBeUndefined();
  });

  test('every Certificate is issued by a ClusterIssuer that exists: the configured ACME environment', () => {
    const issuers = out.all('ClusterIssuer').map((i) => i.metadata.name);
    for (const certificate of out.all('Certificate')) {
      expect(certificate.spec.issuerRef.kind).toBe('ClusterIssuer');
      expect(issuers).toContain(certificate.spec.issuerRef.name);
      expect(certificate.spec.issuerRef.name).toBe('letsencrypt-dns01-staging');
    }
  });

  test('every listener accepts routes only from the Gateway\'s own namespace', () => {
    expect(listeners.length).toBe(config.endpoints.length + 1);
    for (const listener of listeners) expect(listener.allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
    for (const route of out.all('HTTPRoute')) expect(route.metadata.namespace).toBe(gateway.metadata.namespace);
  });

  test('the placeholder and the allowlist keep their protections: non-root Guaranteed pod, Envoy-only ingress, deny by default', () => {
    const policy = out.find('NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 5678, protocol: 'TCP' }]);
    const [container] = out.find('Deployment').spec.template.spec.containers;
    expect(container.resources.requests).toEqual(container.resources.limits);
    expect(out.find('Deployment').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('routes attach to listeners that exist, the app route to its HTTPS listener', () => {
    const names = new Set(listeners.map((l) => l.name));
    for (const route of out.all('HTTPRoute')) {
      for (const parent of route.spec.parentRefs) {
        expect(parent.name).toBe(gateway.metadata.name);
        expect(names).toContain(parent.sectionName);
      }
    }
    expect(out.find('HTTPRoute', 'conductor').spec.parentRefs[0].sectionName).toBe('https-conductor');
  });

  test('the app route sends traffic to the placeholder Service on the port the Service exposes', () => {
    const service = out.find('Service', 'placeholder');
    const [backend] = out.find('HTTPRoute', 'conductor').spec.rules[0].backendRefs;
    expect(backend).toEqual({ group: '', kind: 'Service', name: service.metadata.name, port: service.spec.ports[0].port, weight: 1 });
    expect(service.spec.ports[0].port).toBe(80);
  });

  test('the Service and the NetworkPolicy select the Deployment\'s pods, on the container port', () => {
    const deployment = out.find('Deployment');
    const podLabels = deployment.spec.template.metadata.labels;
    const service = out.find('Service');
    const policy = out.find('NetworkPolicy');
    expect(podLabels).toMatchObject(service.spec.selector);
    expect(podLabels).toMatchObject(policy.spec.podSelector.matchLabels);
    expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
    const containerPort = deployment.spec.template.spec.containers[0].ports[0].containerPort;
    expect(service.spec.ports[0].targetPort).toBe(containerPort);
    expect(policy.spec.ingress[0].ports).toEqual([{ port: containerPort, protocol: 'TCP' }]);
  });
});

describe('the static IP binding is the one that works on GKE', () => {
  test('the EnvoyProxy names the reserved regional address, with the backend-service based L4 LB', () => {
    const service = out.find('EnvoyProxy').spec.provider.kubernetes.envoyService;
    expect(service.annotations).toEqual({
      'networking.gke.io/load-balancer-ip-addresses': 'wti-ai-autopilot-gw-ip',
      'cloud.google.com/l4-rbs': 'enabled',
    });
    expect(service.annotations['networking.gke.io/load-balancer-ip-addresses']).toBe(n.addressName);
    expect(service.loadBalancerIP).toBeUndefined();
    expect(service.type).toBe('LoadBalancer');
    expect(service.externalTrafficPolicy).toBe('Local');
  });

  test('no Gateway carries spec.addresses (it would become Service externalIPs)', () => {
    for (const gateway of out.all('Gateway')) expect(gateway.spec.addresses).toBeUndefined();
    expect([...out.files.values()].join('\n')).not.toMatch(/externalIPs|^\s*addresses:/m);
  });

  test('with an IP value in config, the EnvoyProxy sets loadBalancerIP instead of the name annotation', () => {
    const proxy = synthesize(configWith((c) => { c.gateway = { address: { ip: '34.120.1.10' } }; })).find('EnvoyProxy');
    const service = proxy.spec.provider.kubernetes.envoyService;
    expect(service.loadBalancerIP).toBe('34.120.1.10');
    expect(service.annotations).toBeUndefined();
  });

  test('a Standard tier address gets the matching Service tier annotation', () => {
    const proxy = synthesize(configWith((c) => { c.gateway = { address: { networkTier: 'STANDARD' } }; })).find('EnvoyProxy');
    expect(proxy.spec.provider.kubernetes.envoyService.annotations['cloud.google.com/network-tier']).toBe('Standard');
  });
});

describe('the placeholder is small, pinned, probed and locked down', () => {
  const deployment = out.find('Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  test('pinned http-echo image, two replicas, probes on /health', () => {
    expect(container.image).toBe('hashicorp/http-echo:1.0.0');
    expect(container.image).not.toMatch(/:latest$/);
    expect(deployment.spec.replicas).toBe(2);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/health', port: 5678 });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/health', port: 5678 });
  });

  test('no zero value the API server drops (omitempty): stored as written, a re-apply changes nothing', () => {
    expect(deployment.spec).not.toHaveProperty('minReadySeconds');
    expect(pod).not.toHaveProperty('hostNetwork');
  });

  test('explicit non-root UID (the image has no USER) and a restricted security context', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65532,
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('small explicit requests (Autopilot bills by requests), limits equal', () => {
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '50m', memory: '64Mi' } });
  });

  test('node drains keep one replica of the placeholder and of the proxy serving', () => {
    const budget = out.find('PodDisruptionBudget', 'placeholder');
    expect(budget.spec).toEqual({ minAvailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } });
    expect(out.find('EnvoyProxy').spec.provider.kubernetes.envoyPDB).toEqual({ minAvailable: 1 });
  });

  test('with one replica there is no disruption budget (it would only block node drains)', () => {
    const single = synthesize(configWith((c) => { c.placeholder = { replicas: 1 }; c.gateway = { envoy: { replicas: 1 } }; }));
    expect(single.all('PodDisruptionBudget')).toEqual([]);
    expect(single.find('EnvoyProxy').spec.provider.kubernetes.envoyPDB).toBeUndefined();
  });

  test('only the Envoy proxies of this Gateway may connect', () => {
    const policy = out.find('NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': 'envoy',
          'app.kubernetes.io/component': 'proxy',
          'app.kubernetes.io/managed-by': 'envoy-gateway',
          'gateway.envoyproxy.io/owning-gateway-name': 'conductor-gateway',
          'gateway.envoyproxy.io/owning-gateway-namespace': 'wti-ai',
        },
      },
    }]);
  });
});

describe('HTTP redirects to HTTPS', () => {
  test('a 301 to https on the HTTP listener, with no backend', () => {
    const route = out.find('HTTPRoute', n.redirectRoute);
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'conductor-gateway', sectionName: 'http' }]);
    expect(route.spec.hostnames).toEqual(['conductor.wti.net']);
    // matches: the CRD's default written out, so the stored rules equal the file's (a re-apply changes nothing).
    expect(route.spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
    }]);
  });
});

describe('DNS-01 credentials', () => {
  const solver = (o: K8sObject) => o.spec.acme.solvers[0].dns01.cloudDNS;

  test('Workload Identity (default): cloudDNS with project and hosted zone, no key Secret reference', () => {
    for (const issuer of out.all('ClusterIssuer')) {
      expect(solver(issuer)).toEqual({ project: 'wti-ai-platform', hostedZoneName: 'wti-net' });
    }
  });

  test('service-account-key mode: each issuer references cert-manager/clouddns-dns01-svc-acct key.json', () => {
    const keyed = synthesize(configWith((c) => { c.tls = { dns01: { credentials: 'service-account-key' } }; }));
    for (const issuer of keyed.all('ClusterIssuer')) {
      expect(solver(issuer)).toEqual({
        project: 'wti-ai-platform',
        hostedZoneName: 'wti-net',
        serviceAccountSecretRef: { name: 'clouddns-dns01-svc-acct', key: 'key.json' },
      });
    }
    expect(keyed.all('Secret')).toEqual([]);
  });

  test('staging and production issuers use their own ACME servers and account keys', () => {
    const acme = (name: string) => out.find('ClusterIssuer', name).spec.acme;
    expect(acme('letsencrypt-dns01').server).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(acme('letsencrypt-dns01-staging').server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(acme('letsencrypt-dns01').privateKeySecretRef.name).not.toBe(acme('letsencrypt-dns01-staging').privateKeySecretRef.name);
  });
});
