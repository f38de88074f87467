import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseConfig } from '../../src/config/load';
import { REPO_ROOT } from '../../src/config/repo-root';
import { resolve } from '../../src/config/model';
import { names } from '../../src/config/names';
import { Testing } from 'cdktf';
import { DnsRecordsStack } from '../../src/gcp/stacks/dns-records-stack';
import { configWith } from '../support/config';
import { synthesize, type K8sOutput } from '../support/k8s-output';
import { modelProblems } from '../support/k8s-models';

// A second endpoint is configuration, not code: config/examples/two-endpoints.yaml.
const exampleFile = path.join(REPO_ROOT, 'config/examples/two-endpoints.yaml');
const example = parseConfig(readFileSync(exampleFile, 'utf8'), 'two-endpoints.yaml', {});
const out = synthesize(example);
/** The A records the approval-gated stack would create for a config. */
const records = (cfg: typeof example): any[] => {
  const stack = new DnsRecordsStack(Testing.app(), resolve(cfg));
  return Object.values(JSON.parse(Testing.synth(stack)).resource.google_dns_record_set);
};

/** Checks that hold for any endpoint list; returns nothing, throws on the first broken one. */
function expectConsistent(output: K8sOutput, cfg: typeof example): void {
  const n = names(cfg);
  const gateway = output.find('Gateway');
  const listeners: any[] = gateway.spec.listeners;
  const https = listeners.filter((l) => l.protocol === 'HTTPS');
  expect(new Set(listeners.map((l) => l.name)).size).toBe(listeners.length);
  expect(https.map((l) => l.hostname)).toEqual(cfg.endpoints.map((e) => e.hostname));

  const certificates = output.all('Certificate');
  expect(new Set(certificates.map((c) => c.metadata.name)).size).toBe(certificates.length);
  expect(new Set(certificates.map((c) => c.spec.secretName)).size).toBe(certificates.length);
  for (const listener of https) {
    const secret = listener.tls.certificateRefs[0].name;
    const certificate = certificates.find((c) => c.spec.secretName === secret);
    expect(certificate?.spec.dnsNames).toContain(listener.hostname);
  }

  const routes = new Map(output.all('HTTPRoute').map((r) => [r.metadata.name, r]));
  expect(routes.size).toBe(output.all('HTTPRoute').length);
  cfg.endpoints.forEach((endpoint, i) => {
    const route = routes.get(n.endpoints[i].route)!;
    expect(route.spec.hostnames).toEqual([endpoint.hostname]);
    expect(route.spec.parentRefs[0].sectionName).toBe(n.endpoints[i].listener);
    const backend = route.spec.rules[0].backendRefs[0];
    expect(backend).toMatchObject(endpoint.backend === 'placeholder'
      ? { name: cfg.placeholder.name, port: 80 }
      : { name: endpoint.backend.service, port: endpoint.backend.port });
  });

  const policies = output.all('SecurityPolicy');
  const allowlisted = cfg.endpoints.map((e, i) => ({ e, en: n.endpoints[i] })).filter(({ e }) => e.allowCidrs);
  expect(policies.map((p) => p.spec.targetRefs[0].name).sort()).toEqual(allowlisted.map(({ en }) => en.route).sort());
  for (const { e, en } of allowlisted) {
    const policy = policies.find((p) => p.metadata.name === en.securityPolicy)!;
    expect(policy.spec.authorization.rules[0].principal.clientCIDRs).toEqual(e.allowCidrs);
  }
  expect(output.all('Deployment').length).toBe(cfg.endpoints.some((e) => e.backend === 'placeholder') ? 1 : 0);
}

describe('the two-endpoint example', () => {
  test('synthesizes one listener, Certificate and route per endpoint, consistently named', () => {
    expectConsistent(out, example);
    expect(out.find('Gateway').spec.listeners.map((l: any) => l.name)).toEqual(['http', 'https-conductor', 'https-mcp']);
    expect(out.all('Certificate').map((c) => c.metadata.name)).toEqual(['conductor-wti-net', 'mcp-wti-net']);
  });

  test('only mcp.wti.net gets a SecurityPolicy: default Deny, Allow the listed client CIDRs, on its HTTPS route and its HTTP redirect', () => {
    expect(out.all('SecurityPolicy')).toHaveLength(1);
    const policy = out.find('SecurityPolicy', 'mcp-allowlist');
    expect(policy.spec).toEqual({
      targetRefs: [
        { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'mcp' },
        { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'mcp-https-redirect' },
      ],
      authorization: {
        defaultAction: 'Deny',
        rules: [{ name: 'allow-listed-clients', action: 'Allow', principal: { clientCIDRs: ['203.0.113.0/24', '198.51.100.7/32'] } }],
      },
    });
    expect(out.find('HTTPRoute', 'mcp').metadata.namespace).toBe(policy.metadata.namespace);
  });

  test('the allowlist covers plain HTTP too: mcp.wti.net redirects on its own route, outside the shared one', () => {
    const shared = out.find('HTTPRoute', 'conductor-gateway-https-redirect');
    const own = out.find('HTTPRoute', 'mcp-https-redirect');
    expect(shared.spec.hostnames).toEqual(['conductor.wti.net']);
    expect(own.spec.hostnames).toEqual(['mcp.wti.net']);
    expect(own.spec.parentRefs).toEqual(shared.spec.parentRefs);
    expect(own.spec.rules).toEqual(shared.spec.rules);
    // Every allowlisted hostname is reachable over HTTP only through a route its policy targets.
    const guarded = new Set(out.all('SecurityPolicy').flatMap((p) => p.spec.targetRefs.map((t: any) => t.name)));
    for (const route of out.all('HTTPRoute').filter((r) => r.spec.hostnames.includes('mcp.wti.net'))) expect(guarded.has(route.metadata.name)).toBe(true);
  });

  test('client addresses stay real: the proxy Service keeps externalTrafficPolicy Local, no X-Forwarded-For trust', () => {
    expect(out.find('EnvoyProxy').spec.provider.kubernetes.envoyService.externalTrafficPolicy).toBe('Local');
    expect(out.all('ClientTrafficPolicy')).toEqual([]);
  });

  test('core and cert-manager objects pass their kubernetes-models schema (every kind: npm run consumers)', () => {
    for (const object of out.objects) expect([`${object.kind}/${object.metadata.name}`, modelProblems(object)]).toEqual([`${object.kind}/${object.metadata.name}`, []]);
  });

  test('the DNS records stack gets one A record per endpoint, in the approval-gated stack', () => {
    expect(records(example).map((r: any) => [r.name, r.type]).sort()).toEqual([['conductor.wti.net.', 'A'], ['mcp.wti.net.', 'A']]);
  });

  test('the default config stays single-endpoint', () => {
    expect(configWith().endpoints.map((e) => e.hostname)).toEqual(['conductor.wti.net']);
  });
});

describe('endpoint options', () => {
  test('a Service backend routes to that Service and port; with no placeholder user, no placeholder objects', () => {
    const cfg = configWith((c) => { c.endpoints = [{ hostname: 'conductor.wti.net', backend: { service: 'conductor', port: 8080 } }]; });
    const output = synthesize(cfg);
    expect(output.find('HTTPRoute', 'conductor').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'conductor', port: 8080, weight: 1 }]);
    expect(output.all('Deployment')).toEqual([]);
    expect(output.all('NetworkPolicy')).toEqual([]);
    expect([...output.files.keys()]).not.toContain('0001-placeholder.k8s.yaml');
    expectConsistent(output, cfg);
  });

  test('tls.certificates: shared gives one Certificate covering every hostname, referenced by every listener', () => {
    const cfg = configWith((c) => { c.endpoints.push({ hostname: 'mcp.wti.net' }); c.tls = { certificates: 'shared' }; });
    const output = synthesize(cfg);
    const certificate = output.find('Certificate');
    expect(certificate.spec).toMatchObject({ secretName: 'conductor-gateway-tls', dnsNames: ['conductor.wti.net', 'mcp.wti.net'] });
    const refs = output.find('Gateway').spec.listeners.filter((l: any) => l.tls).map((l: any) => l.tls.certificateRefs[0].name);
    expect(refs).toEqual(['conductor-gateway-tls', 'conductor-gateway-tls']);
  });

  test.each([
    ['an invalid CIDR', [{ hostname: 'mcp.wti.net', allowCidrs: ['10.0.0.300/8'] }], 'endpoints[0].allowCidrs[0]: "10.0.0.300/8" is not allowed'],
    ['host bits set', [{ hostname: 'mcp.wti.net', allowCidrs: ['203.0.113.7/24'] }], 'endpoints[0].allowCidrs[0]: "203.0.113.7/24" is not allowed'],
    ['an empty allowlist', [{ hostname: 'mcp.wti.net', allowCidrs: [] }], 'endpoints[0].allowCidrs: must list at least one CIDR block, or be left out'],
    ['a duplicate hostname', [{ hostname: 'mcp.wti.net' }, { hostname: 'mcp.wti.net' }], 'endpoints[1].hostname: hostname "mcp.wti.net" is already used by endpoints[0]'],
    ['a duplicate endpoint name', [{ hostname: 'mcp.wti.net' }, { hostname: 'mcp.dev.wti.net' }], 'endpoints[1].name: endpoint name "mcp" is already used by endpoints[0]'],
  ])('%s is a clear error', (_, endpoints, message) => {
    expect(() => configWith((c) => { c.endpoints = endpoints; })).toThrow(message);
  });
});

describe('any number of endpoints stays unique and consistent (property)', () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
  const endpointArb = fc.record({
    labels: fc.array(label, { minLength: 1, maxLength: 2 }),
    backend: fc.oneof(fc.constant('placeholder' as const), fc.record({ service: label, port: fc.integer({ min: 1, max: 65535 }) })),
    allowCidrs: fc.option(fc.array(fc.constantFrom('203.0.113.0/24', '198.51.100.0/25', '192.0.2.1/32', '2001:db8::/32'), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  });

  test('listeners, Certificates, routes, policies and A records', () => {
    fc.assert(fc.property(
      fc.uniqueArray(endpointArb, { minLength: 1, maxLength: 8, selector: (e) => e.labels[0] }),
      fc.boolean(),
      (endpoints, shared) => {
        const cfg = configWith((c) => {
          c.tls = { certificates: shared ? 'shared' : 'per-endpoint' };
          // A unique first label per endpoint keeps names and hostnames unique, as the schema demands.
          c.endpoints = endpoints.map((e) => ({ hostname: `${e.labels.join('.')}.wti.net`, backend: e.backend, allowCidrs: e.allowCidrs }));
        });
        const output = synthesize(cfg);
        expectConsistent(output, cfg);
        expect(output.all('Certificate')).toHaveLength(shared ? 1 : endpoints.length);
        const recordNames = records(cfg).map((r: any) => r.name).sort();
        expect(recordNames).toEqual(cfg.endpoints.map((e) => `${e.hostname}.`).sort());
      },
    ), { numRuns: 25, seed: 20261127 });
  });
});

