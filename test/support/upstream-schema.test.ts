import { expectUpstreamValid, firstValidationTimings, unevaluableCelRules, upstreamProblems } from './upstream-schema';

// Known-good objects: what the project's charts synthesize, in the shape a real API server accepts.

const gatewayClass = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'envoy-gateway' },
  spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
};

const gateway = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'conductor-gateway', namespace: 'edge' },
  spec: {
    gatewayClassName: 'envoy-gateway',
    listeners: [
      { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 443,
        hostname: 'app.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'app-tls' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
    ],
  },
};

const route = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'app', namespace: 'edge' },
  spec: {
    parentRefs: [{ name: 'conductor-gateway', sectionName: 'https' }],
    hostnames: ['app.example.com'],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'app', port: 8080 }] }],
  },
};

const redirectRoute = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'https-redirect', namespace: 'edge' },
  spec: {
    parentRefs: [{ name: 'conductor-gateway', sectionName: 'http' }],
    rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
  },
};

const envoyProxy = {
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'EnvoyProxy',
  metadata: { name: 'edge-proxy', namespace: 'envoy-gateway-system' },
  spec: {
    provider: {
      type: 'Kubernetes',
      kubernetes: {
        envoyService: {
          externalTrafficPolicy: 'Local',
          annotations: { 'cloud.google.com/l4-rbs': 'enabled' },
        },
        envoyDeployment: {
          replicas: 2,
          container: { resources: { requests: { cpu: '100m', memory: '128Mi' } } },
        },
      },
    },
  },
};

const securityPolicy = {
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'SecurityPolicy',
  metadata: { name: 'allow-office', namespace: 'edge' },
  spec: {
    targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'app' }],
    authorization: {
      defaultAction: 'Deny',
      rules: [{ action: 'Allow', principal: { clientCIDRs: ['203.0.113.0/24'] } }],
    },
  },
};

const clusterIssuer = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'ClusterIssuer',
  metadata: { name: 'letsencrypt' },
  spec: {
    acme: {
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'ops@example.com',
      privateKeySecretRef: { name: 'letsencrypt-account-key' },
      solvers: [{ dns01: { cloudDNS: { project: 'my-project', hostedZoneName: 'example-com' } } }],
    },
  },
};

const certificate = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'app', namespace: 'edge' },
  spec: {
    secretName: 'app-tls',
    dnsNames: ['app.example.com'],
    issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' },
  },
};

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'edge', labels: { 'app.kubernetes.io/name': 'app' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'app' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'app' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
    },
  },
};

const coreObjects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'edge' }, data: { a: 'b' } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'edge' } },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'app', namespace: 'edge' },
    spec: { selector: { app: 'app' }, ports: [{ port: 8080, targetPort: 'http' }] },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny-all', namespace: 'edge' },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  },
  deployment,
];

/** Deep copy with a change, so each bad case differs from a good one in exactly one respect. */
function mutate<T>(obj: T, change: (o: any) => void): T {
  const copy = structuredClone(obj);
  change(copy);
  return copy;
}

async function problemsOf(obj: object): Promise<string> {
  return (await upstreamProblems(obj)).join('\n');
}

describe('known-good objects', () => {
  const good: [string, object][] = [
    ['GatewayClass', gatewayClass],
    ['Gateway with HTTP and HTTPS listeners', gateway],
    ['HTTPRoute with backendRefs', route],
    ['HTTPRoute with a RequestRedirect filter', redirectRoute],
    ['EnvoyProxy with envoyService and envoyDeployment', envoyProxy],
    ['SecurityPolicy with targetRefs and authorization', securityPolicy],
    ['ClusterIssuer with ACME dns01 cloudDNS', clusterIssuer],
    ['Certificate', certificate],
    ...coreObjects.map((o): [string, object] => [o.kind, o]),
  ];
  test.each(good)('%s has no problems', async (_name, obj) => {
    expect(await upstreamProblems(obj)).toEqual([]);
  });

  test('expectUpstreamValid accepts them all together', async () => {
    await expect(expectUpstreamValid(good.map(([, o]) => o))).resolves.toBeUndefined();
  });

  test('the first validation of each kind is fast', () => {
    // Every kind above has been validated once by now. That first time pays for loading the npm model,
    // parsing the CRD file and compiling its schema (the envoyproxies CRD is 1.4 MB of YAML).
    const timings = firstValidationTimings();
    expect(Object.keys(timings)).toEqual(
      expect.arrayContaining(['gateway.networking.k8s.io/v1/Gateway', 'gateway.envoyproxy.io/v1alpha1/EnvoyProxy']),
    );
    if (process.env.UPSTREAM_SCHEMA_TIMINGS) console.log(timings);
    const total = Object.values(timings).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(10_000);
  });
});

describe('known-bad objects are rejected with the upstream message', () => {
  test('an HTTP listener with tls', async () => {
    const bad = mutate(gateway, (g) => {
      g.spec.listeners[0].tls = { mode: 'Terminate', certificateRefs: [{ name: 'x' }] };
    });
    expect(await problemsOf(bad)).toContain(
      "Gateway/conductor-gateway: spec.listeners: tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
    );
  });

  test('an HTTPS listener terminating TLS without certificateRefs', async () => {
    const bad = mutate(gateway, (g) => {
      g.spec.listeners[1].tls = { mode: 'Terminate' };
    });
    // What a real API server says: the rule selects an absent field, which is itself a rejection.
    expect(await problemsOf(bad)).toContain(
      'Gateway/conductor-gateway: spec.listeners[1].tls: no such key: certificateRefs evaluating rule: ' +
        'certificateRefs or options must be specified when mode is Terminate',
    );
  });

  test('an HTTPS listener with an empty certificateRefs list', async () => {
    const bad = mutate(gateway, (g) => {
      g.spec.listeners[1].tls = { mode: 'Terminate', certificateRefs: [], options: {} };
    });
    expect(await problemsOf(bad)).toContain(
      'spec.listeners[1].tls: certificateRefs or options must be specified when mode is Terminate',
    );
  });

  test('two listeners with the same name', async () => {
    const bad = mutate(gateway, (g) => {
      g.spec.listeners[1].name = 'http';
    });
    const problems = await problemsOf(bad);
    expect(problems).toContain('spec.listeners: Listener name must be unique within the Gateway');
    // x-kubernetes-list-type: map, keyed by name
    expect(problems).toContain('spec.listeners[1]: duplicate entry for key (name)');
  });

  test('a RequestRedirect filter together with backendRefs', async () => {
    const bad = mutate(redirectRoute, (r) => {
      r.spec.rules[0].backendRefs = [{ name: 'app', port: 8080 }];
    });
    expect(await problemsOf(bad)).toContain(
      'HTTPRoute/https-redirect: spec.rules[0]: RequestRedirect filter must not be used together with backendRefs',
    );
  });

  test('a Service backendRef without a port', async () => {
    const bad = mutate(route, (r) => {
      delete r.spec.rules[0].backendRefs[0].port;
    });
    // group and kind come from the CRD's defaults ('' and Service), as on a real API server.
    expect(await problemsOf(bad)).toContain('spec.rules[0].backendRefs[0]: Must have port for Service reference');
  });

  test('a Deployment with replicas as a string', async () => {
    const bad = mutate(deployment, (d) => {
      d.spec.replicas = '2';
    });
    expect(await problemsOf(bad)).toContain('Deployment/app: spec.replicas: must be integer (kubernetes-models)');
  });

  test('a Certificate without secretName', async () => {
    const bad = mutate(certificate, (c) => {
      delete c.spec.secretName;
    });
    // Both the npm model and the pinned CRD require it; the same finding is reported once.
    expect(await upstreamProblems(bad)).toEqual(['Certificate/app: spec.secretName: required']);
  });

  test('an EnvoyProxy with an unknown field under envoyService', async () => {
    const bad = mutate(envoyProxy, (e) => {
      e.spec.provider.kubernetes.envoyService.loadBalancerIp = '10.0.0.1';
    });
    expect(await problemsOf(bad)).toContain(
      'EnvoyProxy/edge-proxy: spec.provider.kubernetes.envoyService.loadBalancerIp: unknown field "loadBalancerIp"',
    );
  });

  test('an EnvoyProxy with a wrong type and a wrong enum', async () => {
    const bad = mutate(envoyProxy, (e) => {
      e.spec.provider.kubernetes.envoyDeployment.replicas = '2';
      e.spec.provider.kubernetes.envoyService.externalTrafficPolicy = 'Nearest';
    });
    const problems = await problemsOf(bad);
    expect(problems).toContain('spec.provider.kubernetes.envoyDeployment.replicas: must be integer');
    expect(problems).toContain('spec.provider.kubernetes.envoyService.externalTrafficPolicy: must be equal to one of the allowed values');
  });

  test('an EnvoyProxy breaking a CEL rule', async () => {
    const bad = mutate(envoyProxy, (e) => {
      e.spec.provider.kubernetes.envoyService.type = 'ClusterIP';
      e.spec.provider.kubernetes.envoyService.loadBalancerIP = '10.0.0.1';
      e.spec.provider.kubernetes.envoyDaemonSet = {};
    });
    const problems = await problemsOf(bad);
    expect(problems).toContain(
      'EnvoyProxy/edge-proxy: spec.provider.kubernetes.envoyService: loadBalancerIP can only be set for LoadBalancer type',
    );
    expect(problems).toContain(
      'EnvoyProxy/edge-proxy: spec.provider.kubernetes: only one of envoyDeployment or envoyDaemonSet can be specified',
    );
  });

  test('a SecurityPolicy with an invalid authorization.defaultAction', async () => {
    const bad = mutate(securityPolicy, (p) => {
      p.spec.authorization.defaultAction = 'Reject';
    });
    expect(await problemsOf(bad)).toContain(
      'SecurityPolicy/allow-office: spec.authorization.defaultAction: must be equal to one of the allowed values ["Allow","Deny"]',
    );
  });

  test('a SecurityPolicy targeting a kind it cannot attach to', async () => {
    const bad = mutate(securityPolicy, (p) => {
      p.spec.targetRefs[0].kind = 'Service';
      p.spec.targetRefs[0].group = '';
    });
    expect(await problemsOf(bad)).toMatch(/SecurityPolicy\/allow-office: spec: .*targetRef/);
  });

  test('a cluster-scoped ClusterIssuer with a namespace', async () => {
    const bad = mutate(clusterIssuer, (i) => {
      i.metadata.namespace = 'cert-manager';
    });
    expect(await problemsOf(bad)).toContain(
      'ClusterIssuer/letsencrypt: metadata.namespace: must not be set on a cluster-scoped kind',
    );
  });

  test('a cluster-scoped core kind with a namespace', async () => {
    expect(await problemsOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge', namespace: 'x' } })).toContain(
      'metadata.namespace: must not be set on a cluster-scoped kind',
    );
  });

  test('a name that is no DNS subdomain', async () => {
    expect(await problemsOf(mutate(certificate, (c) => (c.metadata.name = 'App_TLS')))).toContain(
      'metadata.name: "App_TLS" must be a lowercase RFC 1123 subdomain',
    );
  });

  test('an apiVersion the CRD does not serve', async () => {
    expect(await problemsOf({ ...gateway, apiVersion: 'gateway.networking.k8s.io/v1beta2' })).toContain(
      'apiVersion gateway.networking.k8s.io/v1beta2 is not a version of the CRD',
    );
  });

  test('unknown kinds are problems, never silent passes', async () => {
    expect(await upstreamProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'Widget/w: no upstream schema for example.com/v1 Widget',
    ]);
    expect(await upstreamProblems({ apiVersion: 'v1', kind: 'Container', metadata: { name: 'c' } })).toEqual([
      'Container/c: no upstream schema for v1 Container',
    ]);
    expect(await upstreamProblems({ apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'Widget/w: no upstream schema for gateway.envoyproxy.io/v1alpha1 Widget (no pinned CRD defines it)',
    ]);
    // The npm package has TLSRoute, but the pinned (standard-channel) Gateway API CRDs do not.
    const tlsRoute = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute', metadata: { name: 't', namespace: 'n' }, spec: {} };
    expect(await upstreamProblems(tlsRoute)).toEqual([
      'TLSRoute/t: no upstream schema for gateway.networking.k8s.io/v1 TLSRoute (no pinned CRD defines it)',
    ]);
  });

  test('expectUpstreamValid fails with every problem listed', async () => {
    const bad = mutate(certificate, (c) => delete c.spec.secretName);
    await expect(expectUpstreamValid([gateway, bad])).rejects.toThrow(/Certificate\/app: spec\.secretName: required/);
  });
});

describe('CEL coverage', () => {
  test('every CEL rule of every pinned CRD can be evaluated', () => {
    // Parse errors and functions missing from the environment (Kubernetes' CEL libraries) would
    // otherwise only show up as "cannot evaluate rule" on the objects that reach them.
    expect(unevaluableCelRules()).toEqual([]);
  });

  test('RE2 syntax, durations and the strings extension evaluate as on the API server', async () => {
    const route = (r: object) => ({ ...structuredClone(redirectRoute), spec: { parentRefs: [{ name: 'gw' }], rules: [r] } });
    // HTTPRoute timeouts: duration() comparisons
    expect(await problemsOf(route({ backendRefs: [{ name: 'a', port: 80 }], timeouts: { request: '1s', backendRequest: '2s' } }))).toContain(
      'backendRequest timeout cannot be longer than request timeout',
    );
    expect(await upstreamProblems(route({ backendRefs: [{ name: 'a', port: 80 }], timeouts: { request: '2s', backendRequest: '1s' } }))).toEqual([]);
    // Gateway infrastructure labels: key.split("/")[0].size() and RE2 raw-string patterns
    const gw = (labels: object) => mutate(gateway, (g) => (g.spec.infrastructure = { labels }));
    expect(await upstreamProblems(gw({ 'example.com/tier': 'edge' }))).toEqual([]);
    expect(await problemsOf(gw({ 'Bad_Prefix/tier': 'edge' }))).toContain('Label keys must be in the form');
  });
});

describe('the CRD directory', () => {
  test('a missing directory fails loudly', async () => {
    jest.resetModules();
    const saved = process.env.UPSTREAM_CRDS;
    process.env.UPSTREAM_CRDS = '/nonexistent/crds';
    try {
      // A fresh copy of the module, so its lazy CRD index is rebuilt from the missing directory.
      const fresh = (await import('./upstream-schema')) as typeof import('./upstream-schema');
      await expect(fresh.upstreamProblems(gateway)).rejects.toThrow(/upstream CRDs not found at \/nonexistent\/crds/);
    } finally {
      if (saved === undefined) delete process.env.UPSTREAM_CRDS;
      else process.env.UPSTREAM_CRDS = saved;
    }
  });
});
