import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { overlaps, parseCidr, publicAddressProblem } from '../../src/config/cidr';
import { derivedObjects } from '../../src/config/derived-objects';
import { ConfigError, parseConfig } from '../../src/config/load';
import { constructId, names } from '../../src/config/names';
import { configSchema } from '../../src/config/schema';
import { synthesizeInto } from '../../src/pipeline';
import { configWith, defaultConfigInput } from '../support/config';
import { readK8sOutput, synthesize } from '../support/k8s-output';

const problemsOf = (input: Record<string, any> | string): string[] => {
  try {
    parseConfig(typeof input === 'string' ? input : stringify(input), 'x.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
};
const withInput = (change: (c: Record<string, any>) => void) => {
  const input = defaultConfigInput();
  change(input);
  return input;
};

describe('unknown keys are refused at every level of nesting', () => {
  /** The path of every object schema in the config schema (arrays as [0]). */
  function objectPaths(schema: z.core.$ZodType, at: (string | number)[] = []): (string | number)[][] {
    const def = schema._zod.def as any;
    switch (def.type) {
      case 'object':
        return [at, ...Object.entries(def.shape as Record<string, z.core.$ZodType>).flatMap(([k, v]) => objectPaths(v, [...at, k]))];
      case 'default': case 'prefault': case 'optional': case 'nullable': case 'readonly': case 'catch':
        return objectPaths(def.innerType, at);
      case 'pipe':
        return objectPaths(def.in, at);
      case 'array':
        return objectPaths(def.element, [...at, 0]);
      case 'union':
        return (def.options as z.core.$ZodType[]).flatMap((o) => objectPaths(o, at));
      default:
        return [];
    }
  }
  const paths = objectPaths(configSchema);

  test('the walk finds the nested sections', () => {
    expect(paths.length).toBeGreaterThanOrEqual(20);
    expect(paths).toContainEqual(['gateway', 'envoy', 'resources']);
    expect(paths).toContainEqual(['endpoints', 0, 'backend']);
  });

  test.each(paths.map((p) => [p.map(String).join('.') || '(root)', p] as const))('%s', (_, at) => {
    const input = withInput((c) => {
      let node: any = c;
      at.forEach((key, i) => {
        const last = i === at.length - 1;
        if (last && key === 'backend') node[key] = { service: 'svc', port: 8080 };
        else if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof at[i + 1] === 'number' ? [] : {};
        node = node[key];
      });
      node.surplus = 1;
    });
    const field = at.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');
    const problems = problemsOf(input);
    expect(problems.some((p) => p === `${field ? `${field}.` : ''}surplus: unknown key; see the fields in src/config/schema.ts` || p.startsWith(`${field}: `))).toBe(true);
  });
});

describe('boundaries', () => {
  const endpoints = (count: number) => Array.from({ length: count }, (_, i) => ({ hostname: `e${i}.wti.net` }));

  test('63 endpoints synthesize (64 listeners, the Gateway maximum); 64 are refused', () => {
    const config = parseConfig(stringify(withInput((c) => { c.endpoints = endpoints(63); })), 'x.yaml');
    expect(synthesize(config).find('Gateway').spec.listeners).toHaveLength(64);
    expect(problemsOf(withInput((c) => { c.endpoints = endpoints(64); }))).toEqual([
      'endpoints: must list at most 63 endpoints: a Gateway holds at most 64 listeners (one HTTP, one HTTPS per endpoint)',
    ]);
  });

  test('a hostname whose Certificate and Secret names reach 63 characters synthesizes; one character more is refused', () => {
    // <label>.wti.net -> <label>-wti-net-tls: the label may take 63 - 12 = 51 characters.
    const longest = `${'a'.repeat(51)}.wti.net`;
    const config = parseConfig(stringify(withInput((c) => { c.endpoints = [{ hostname: longest, name: 'long' }]; })), 'x.yaml');
    expect(names(config).endpoints[0].tlsSecret).toHaveLength(63);
    expect(synthesize(config).find('Certificate').spec.secretName).toHaveLength(63);
    const tooLong = `${'a'.repeat(52)}.wti.net`;
    expect(problemsOf(withInput((c) => { c.endpoints = [{ hostname: tooLong, name: 'long' }]; }))).toEqual([
      `endpoints[0].hostname: ${JSON.stringify(tooLong)} is too long: its Certificate and Secret names must stay within 63 characters (hostname at most 59)`,
    ]);
  });

  test('a DNS label of 63 characters is a hostname; 64 is not', () => {
    const ok = `${'b'.repeat(63)}.wti.net`;
    expect(problemsOf(withInput((c) => { c.endpoints = [{ hostname: ok, name: 'b' }]; })).join()).not.toMatch(/is not allowed/);
    const bad = `${'b'.repeat(64)}.wti.net`;
    expect(problemsOf(withInput((c) => { c.endpoints = [{ hostname: bad, name: 'b' }]; }))[0]).toMatch(/^endpoints\[0\]\.hostname: "b{64}\.wti\.net" is not allowed/);
  });
});

describe('construct ids never come from user strings unescaped', () => {
  // One configuration holds them all (one synthesis instead of five): each name from a hostname, and
  // each again as a name given outright, on an allowlisted endpoint (its own redirect route).
  const prototypeNames = ['constructor', 'hasownproperty', 'valueof', 'tostring', 'isprototypeof'];
  test(`endpoints called ${prototypeNames.join(', ')} synthesize both halves`, () => {
    const config = configWith((c) => {
      c.endpoints = prototypeNames.flatMap((name) => [{ hostname: `${name}.wti.net` }, { hostname: `x-${name}.wti.net`, name: `${name}-2`, allowCidrs: ['198.51.100.0/24'] }]);
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'ids-'));
    const { files } = synthesizeInto(config, { k8s: path.join(dir, 'dist'), gcp: path.join(dir, 'out') }, { root: dir });
    const records = JSON.parse(readFileSync(path.join(dir, 'out/stacks/dns-records/cdk.tf.json'), 'utf8')).resource.google_dns_record_set;
    expect(Object.values<any>(records).map((r) => r.name).sort()).toEqual(config.endpoints.map((e) => `${e.hostname}.`).sort());
    expect(files.k8s).toContain('0004-routes.k8s.yaml');
    expect(readK8sOutput(path.join(dir, 'dist')).all('HTTPRoute').map((r) => r.metadata.name).sort())
      .toEqual(['conductor-gateway-https-redirect', ...prototypeNames.flatMap((name) => [name, `${name}-2`, `${name}-2-https-redirect`])].sort());
  });

  test('escaping keeps distinct strings distinct, and safe names as they were (Terraform addresses do not move)', () => {
    expect(constructId('a-', 'conductor')).toBe('a-conductor');
    expect(constructId('a-', 'x/y')).not.toBe(constructId('a-', 'x--y'));
    expect(constructId('a-', 'x%2fy')).not.toBe(constructId('a-', 'x/y'));
    expect(constructId('E-', '__proto__')).toBe('E-__proto__');
    expect(constructId('a-', 'x/y')).toBe('a-x%2fy');
    expect(constructId('a-', 'x%y')).toBe('a-x%25y');
  });
});

describe('derived names', () => {
  test.each([
    ['an endpoint named like the redirect route', (c: any) => { c.endpoints = [{ hostname: 'a.wti.net', name: 'conductor-gateway-https-redirect' }]; },
      'endpoints[0].name: HTTPRoute "conductor-gateway-https-redirect" in namespace wti-ai is also derived from gateway.name; two objects cannot share a name: choose another'],
    ['two issuers with one name', (c: any) => { c.tls = { issuers: { production: 'le', staging: 'le' } }; },
      'tls.issuers.staging: ClusterIssuer "le" is also derived from tls.issuers.production; two objects cannot share a name: choose another'],
    ['a key Secret named like an ACME account key', (c: any) => { c.tls = { dns01: { credentials: 'service-account-key', keySecret: { name: 'letsencrypt-dns01-staging-account-key' } } }; },
      'tls.dns01.keySecret.name: Secret "letsencrypt-dns01-staging-account-key" in namespace cert-manager is also derived from tls.issuers.staging; two objects cannot share a name: choose another'],
    ['the gateway namespace also created by a Helm release', (c: any) => { c.gateway = { namespace: 'envoy-gateway-system' }; },
      'addons.envoyGateway.namespace: Namespace "envoy-gateway-system" is also derived from gateway.namespace; two objects cannot share a name: choose another'],
    ['a shared certificate named like an endpoint\'s (the gateway name)', (c: any) => { c.tls = { certificates: 'shared' }; c.gateway = { name: 'a-wti-net' }; c.endpoints = [{ hostname: 'a.wti.net' }]; }, undefined],
  ])('%s', (_, change, expected) => {
    const problems = problemsOf(withInput(change));
    if (expected) expect(problems).toEqual([expected]);
    else expect(problems).toEqual([]);
  });

  test.each([
    ['the defaults', (_: any) => {}],
    ['every endpoint allowlisted', (c: any) => { c.endpoints = [{ hostname: 'a.wti.net', allowCidrs: ['198.51.100.0/24'] }]; }],
    ['one placeholder and one Service backend', (c: any) => {
      c.endpoints = [{ hostname: 'a.wti.net', backend: { service: 'app', port: 80 } }, { hostname: 'b.wti.net' }];
    }],
    ['Service backends only, a shared certificate and a key Secret', (c: any) => {
      c.endpoints = [{ hostname: 'a.wti.net', backend: { service: 'app', port: 80 } }];
      c.tls = { certificates: 'shared', dns01: { credentials: 'service-account-key' } };
    }],
  ])('with %s, every derived object names its kind, name and source field, and nothing else is derived', (_, change) => {
    const config = configWith(change);
    const objects = derivedObjects(config);
    for (const object of objects) {
      expect(object).toEqual({ kind: expect.any(String), name: expect.any(String), field: expect.any(Array), ...(object.scope === undefined ? {} : { scope: expect.any(String) }) });
    }
    const routes = objects.filter((o) => o.kind === 'HTTPRoute').map((o) => o.name);
    expect(routes).toEqual(synthesize(config).all('HTTPRoute').map((r: any) => r.metadata.name));
    expect(objects.filter((o) => o.kind === 'Deployment').length).toBe(config.endpoints.some((e) => e.backend === 'placeholder') ? 1 : 0);
    expect(objects.filter((o) => o.kind === 'Secret' && o.name === config.tls.dns01.keySecret.name).length)
      .toBe(config.tls.dns01.credentials === 'service-account-key' ? 1 : 0);
  });

  test('the derived objects of a config with every kind of object, each with the field a collision would name', () => {
    const config = configWith((c) => {
      c.endpoints = [{ hostname: 'conductor.wti.net' }, { hostname: 'mcp.wti.net', allowCidrs: ['203.0.113.0/24'] }];
      c.tls = { dns01: { credentials: 'service-account-key' } };
    });
    expect(derivedObjects(config).map((o) => [o.kind, o.scope ?? '', o.name, o.field.join('.')])).toEqual([
      ['Namespace', '', 'wti-ai', 'gateway.namespace'],
      ['Namespace', '', 'cert-manager', 'addons.certManager.namespace'],
      ['Namespace', '', 'envoy-gateway-system', 'addons.envoyGateway.namespace'],
      ['GatewayClass', '', 'envoy-gateway', 'gateway.className'],
      ['ClusterIssuer', '', 'letsencrypt-dns01', 'tls.issuers.production'],
      ['ClusterIssuer', '', 'letsencrypt-dns01-staging', 'tls.issuers.staging'],
      ['Secret', 'cert-manager', 'letsencrypt-dns01-account-key', 'tls.issuers.production'],
      ['Secret', 'cert-manager', 'letsencrypt-dns01-staging-account-key', 'tls.issuers.staging'],
      ['Secret', 'cert-manager', 'clouddns-dns01-svc-acct', 'tls.dns01.keySecret.name'],
      ['EnvoyProxy', 'wti-ai', 'conductor-gateway-proxy', 'gateway.name'],
      ['Gateway', 'wti-ai', 'conductor-gateway', 'gateway.name'],
      ['Gateway listener', 'conductor-gateway', 'http', 'gateway.name'],
      ['HTTPRoute', 'wti-ai', 'conductor-gateway-https-redirect', 'gateway.name'],
      ['Certificate', 'wti-ai', 'conductor-wti-net', 'endpoints.0.hostname'],
      ['Secret', 'wti-ai', 'conductor-wti-net-tls', 'endpoints.0.hostname'],
      ['Certificate', 'wti-ai', 'mcp-wti-net', 'endpoints.1.hostname'],
      ['Secret', 'wti-ai', 'mcp-wti-net-tls', 'endpoints.1.hostname'],
      ['HTTPRoute', 'wti-ai', 'conductor', 'endpoints.0.name'],
      ['Gateway listener', 'conductor-gateway', 'https-conductor', 'endpoints.0.name'],
      ['google_dns_record_set', '', 'conductor.wti.net.', 'endpoints.0.hostname'],
      ['HTTPRoute', 'wti-ai', 'mcp', 'endpoints.1.name'],
      ['Gateway listener', 'conductor-gateway', 'https-mcp', 'endpoints.1.name'],
      ['SecurityPolicy', 'wti-ai', 'mcp-allowlist', 'endpoints.1.name'],
      ['HTTPRoute', 'wti-ai', 'mcp-https-redirect', 'endpoints.1.name'],
      ['google_dns_record_set', '', 'mcp.wti.net.', 'endpoints.1.hostname'],
      ['Deployment', 'wti-ai', 'placeholder', 'placeholder.name'],
      ['Service', 'wti-ai', 'placeholder', 'placeholder.name'],
      ['PodDisruptionBudget', 'wti-ai', 'placeholder', 'placeholder.name'],
      ['NetworkPolicy', 'wti-ai', 'placeholder-from-gateway', 'placeholder.name'],
    ]);
  });

  test('a certificate\'s name comes from its hostname, or from the gateway name when shared: that is the field a collision names', () => {
    const fieldsOf = (config: ReturnType<typeof configWith>) => derivedObjects(config)
      .filter((o) => o.kind === 'Certificate' || (o.kind === 'Secret' && o.name.endsWith('-tls')))
      .map((o) => [o.kind, o.name, o.field]);
    const two = (c: any) => { c.endpoints = [{ hostname: 'a.wti.net' }, { hostname: 'b.wti.net' }]; };
    expect(fieldsOf(configWith(two))).toEqual([
      ['Certificate', 'a-wti-net', ['endpoints', 0, 'hostname']], ['Secret', 'a-wti-net-tls', ['endpoints', 0, 'hostname']],
      ['Certificate', 'b-wti-net', ['endpoints', 1, 'hostname']], ['Secret', 'b-wti-net-tls', ['endpoints', 1, 'hostname']],
    ]);
    expect(fieldsOf(configWith((c) => { two(c); c.tls = { certificates: 'shared' }; }))).toEqual([
      ['Certificate', 'conductor-gateway', ['gateway', 'name']], ['Secret', 'conductor-gateway-tls', ['gateway', 'name']],
    ]);
  });

  test('a service account id from a long cluster name is cut before its hyphens, then hashed: valid, and distinct per cluster', () => {
    const cluster = 'ab-defghijklmno--pqrstuvwxyz1';
    const n = names(configWith((c) => { c.cluster = { name: cluster }; }));
    expect(n.dns01ServiceAccountId).toMatch(/^ab-defghijklmno-[0-9a-f]{6}-dns01$/);
    expect(n.nodeServiceAccountId).toMatch(/^ab-defghijklmno-[0-9a-f]{6}-nodes$/);
    const other = names(configWith((c) => { c.cluster = { name: `${cluster.slice(0, -1)}2` }; }));
    expect(other.dns01ServiceAccountId).not.toBe(n.dns01ServiceAccountId);
    expect(names(configWith((c) => { c.cluster = { name: 'short' }; })).dns01ServiceAccountId).toBe('short-dns01');
    // 30 characters is the limit (IAM): `<cluster>-dns01` is kept whole up to it, hashed past it.
    expect(names(configWith((c) => { c.cluster = { name: 'e'.repeat(24) }; })).dns01ServiceAccountId).toBe(`${'e'.repeat(24)}-dns01`);
    expect(names(configWith((c) => { c.cluster = { name: 'e'.repeat(25) }; })).dns01ServiceAccountId).toMatch(new RegExp(`^${'e'.repeat(17)}-[0-9a-f]{6}-dns01$`));
  });

  test('every object synthesized is among the derived objects checked for collisions', () => {
    const config = configWith((c) => {
      c.endpoints = [{ hostname: 'conductor.wti.net' }, { hostname: 'mcp.wti.net', allowCidrs: ['198.51.100.0/24'] }];
    });
    const derived = new Set(derivedObjects(config).map((o) => JSON.stringify([o.kind, o.scope ?? '', o.name])));
    const output = synthesize(config);
    for (const object of output.objects) {
      expect(derived).toContain(JSON.stringify([object.kind, object.metadata.namespace ?? '', object.metadata.name]));
    }
    for (const listener of output.find('Gateway').spec.listeners) {
      expect(derived).toContain(JSON.stringify(['Gateway listener', config.gateway.name, listener.name]));
    }
  });
});

describe('values of each kind', () => {
  const field = (at: string, value: unknown) => withInput((c) => {
    const keys = at.split('.');
    let node = c;
    for (const key of keys.slice(0, -1)) node = node[key] ??= {};
    node[keys[keys.length - 1]] = value;
  });

  test.each([
    ['cluster.network.subnetCidr', '010.10.0.0/20'], ['cluster.network.subnetCidr', '10.10.0.0/020'], ['cluster.network.subnetCidr', '10.10.0.0/20 '],
    ['cluster.network.subnetCidr', '0x0a.10.0.0/20'], ['cluster.network.subnetCidr', '10.10.0/20'], ['cluster.network.subnetCidr', '2001:db8::/32'],
    ['gateway.address.ip', '127.0.0.1'], ['gateway.address.ip', '10.1.2.3'], ['gateway.address.ip', '192.168.1.1'], ['gateway.address.ip', '100.64.0.1'],
    ['gateway.address.ip', '169.254.1.1'], ['gateway.address.ip', '224.0.0.1'], ['gateway.address.ip', '255.255.255.255'], ['gateway.address.ip', '0.0.0.0'],
    ['gateway.address.ip', '203.0.113.10'], ['gateway.address.ip', '198.18.0.1'], ['gateway.address.ip', '240.0.0.1'], ['gateway.address.ip', '034.120.1.10'],
    ['placeholder.image', 'nginx'], ['placeholder.image', 'nginx:latest'], ['placeholder.image', 'Nginx:1'], ['placeholder.image', 'nginx:'],
    ['placeholder.image', 'nginx@sha256:abc'], ['placeholder.image', 'Registry/app:1'], ['placeholder.image', `${'a'.repeat(256)}:1`],
    ['placeholder.image', 'Mylocalhost/app:1'], ['placeholder.image', 'localhostA/app:1'], ['placeholder.image', `registry.example.com/${'a'.repeat(235)}:1`],
    ['placeholder.resources.cpu', '1000000000000000000000m'], ['placeholder.resources.cpu', '0.0001'], ['placeholder.resources.cpu', '1e3'],
    ['placeholder.resources.cpu', '0m'], ['placeholder.resources.cpu', '9m'], ['placeholder.resources.cpu', '33'], ['placeholder.resources.cpu', '050m'],
    ['placeholder.resources.memory', '0Mi'], ['placeholder.resources.memory', '15Mi'], ['placeholder.resources.memory', '129Gi'], ['placeholder.resources.memory', '1e3Mi'],
    ['placeholder.resources.memory', '64M'], ['gateway.envoy.resources.cpu', '1e21'],
    ['placeholder.resources.cpu', '50mm'], ['placeholder.resources.cpu', '050'], ['placeholder.resources.cpu', '1.0001'],
    ['placeholder.resources.memory', '64MiB'], ['placeholder.resources.memory', '064Mi'], ['placeholder.resources.memory', '64Ki'],
    ['gateway.namespace', 'kube-system'], ['gateway.namespace', 'kube-public'], ['gateway.namespace', 'kube-node-lease'], ['gateway.namespace', 'default'],
    ['gateway.namespace', 'gke-managed-system'], ['gateway.namespace', 'gmp-system'], ['addons.certManager.namespace', 'kube-system'], ['addons.envoyGateway.namespace', 'default'],
    ['dns.domain', 'ab--cd.net'], ['dns.domain', 'xn--abc.net'], ['dns.domain', 'xn--abc-.net'], ['dns.domain', 'wti.net.'],
    ['dns.domain', ['a', 'b', 'c', 'd'].map((c) => c.repeat(63)).join('.')], ['gateway.name', 'edge_'], ['gateway.className', '-edge'],
    ['project.region', 'Us-central1'], ['cluster.name', 'edge_'], ['cluster.name', '1edge'], ['dns.domain', 'wti.123'], ['placeholder.name', '1placeholder'],
    ['tls.dns01.keySecret.key', '..'], ['placeholder.text', `${'-'.repeat(5)}BEGIN RSA PRIVATE KEY-----\nMIIE`], ['placeholder.text', 'password=hunter2hunter2'],
    ['placeholder.text', `ya29.${'a'.repeat(30)}`], ['placeholder.text', `AKIA${'A'.repeat(16)}`],
    ['dns.zoneName', 'wti-net_'], ['dns.zoneName', '1wti'], ['placeholder.name', 'placeholder_'], ['gateway.namespace', 'gke-connect'], ['gateway.namespace', 'gmp-public'],
    ['tls.dns01.keySecret.key', '/key.json'], ['tls.dns01.keySecret.key', 'key.json/'], ['tls.dns01.keySecret.key', '.'], ['tls.dns01.keySecret.key', 'a'.repeat(254)],
    ['tls.email', 'ops@wti'], ['tls.email', 'x y@wti.net'], ['tls.email', 'ops@wti.net x'], ['tls.email', 'ops@@wti.net'], ['tls.email', 'ops@wti_net.com'], ['tls.email', '@wti.net'],
    ['tls.dns01.serviceAccountId', '1abcdef'], ['tls.dns01.serviceAccountId', 'abcdef-'], ['tls.dns01.serviceAccountId', 'a'.repeat(31)], ['tls.dns01.serviceAccountId', 'abcde'],
    ['environment', 'staging_'], ['environment', 'a'.repeat(21)], ['environment', '1st'],
    ['cluster.network.servicesCidr', '2001:db8::/112'], ['cluster.network.masterCidr', '172.16.0.0/28'],
    ['cluster.network.flowLogs', 'yes'], ['cluster.labels', ['team']], ['cluster.labels.Team', 'x'], ['cluster.labels.goog-team', 'x'],
    ['cluster.labels.1team', 'x'], ['cluster.labels.team', 'Platform'], ['cluster.labels.team', 'a'.repeat(64)], ['cluster.labels.environment', 'prod'],
    ['dns.dnssec', 'on'], ['addons.helmCredentials', 'token'],
  ])('%s: %j is refused, naming the field', (at, value) => {
    const problems = problemsOf(field(at, value));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].startsWith(`${at}: `)).toBe(true);
  });

  test.each([
    ['gateway.address.ip', '34.120.1.10'], ['cluster.network.subnetCidr', '10.0.0.0/20'], ['placeholder.image', 'registry.example.com:5000/team/app:1.2'],
    ['placeholder.image', `hashicorp/http-echo@sha256:${'a'.repeat(64)}`], ['placeholder.image', 'localhost/app:v1'], ['placeholder.image', 'gcr.io/a__b/c-d.e:1.0'],
    ['placeholder.image', 'Registry.example.com/app:1'], ['placeholder.image', 'Host:5000/app:1'], ['placeholder.image', `registry.example.com/${'a'.repeat(234)}:1`],
    ['placeholder.image', `${'a'.repeat(255)}:1`], ['cluster.network.flowLogs', true], ['dns.domain', 'wti.net1'], ['dns.domain', 'wti.1net'], ['cluster.name', 'a'],
    ['placeholder.resources.cpu', '10m'], ['placeholder.resources.cpu', '32'], ['placeholder.resources.cpu', '0.025'], ['placeholder.resources.memory', '16Mi'],
    ['placeholder.resources.memory', '128Gi'], ['gateway.namespace', 'kubeflow'], ['dns.domain', 'xn--bcher-kva.net'], ['placeholder.text', 'no secrets here'],
    ['project.region', 'europe-west10'], ['dns.zoneName', 'z'], ['gateway.namespace', 'my-default'], ['gateway.namespace', 'default-apps'], ['gateway.namespace', 'team-kube-x'],
    ['tls.dns01.keySecret.key', '.key'], ['tls.dns01.keySecret.key', 'a'.repeat(253)],
    ['tls.email', 'ops@wti.net'], ['tls.email', 'First.Last+le@mail.Example.co.uk'], ['tls.email', 'ops@wti-net.example'],
    ['tls.dns01.serviceAccountId', 'dns01-solver'], ['tls.dns01.serviceAccountId', 'a'.repeat(30)], ['tls.dns01.serviceAccountId', 'abcdef'],
    ['environment', 'a'], ['environment', 'a'.repeat(20)], ['addons.envoyGateway.gatewayApiCrds', 'install'], ['addons.envoyGateway.gatewayApiCrds', 'gke-managed'],
    ['cluster.labels.team', 'platform'], ['cluster.labels.a', ''], ['cluster.labels.cost_center-1', 'a'.repeat(63)], [`cluster.labels.${'k'.repeat(63)}`, 'v'],
    ['dns.dnssec', false], ['dns.dnssec', true], ['addons.helmCredentials', 'gcloud'], ['addons.helmCredentials', 'application-default'],
  ])('%s: %j is accepted', (at, value) => {
    const input = field(at, value);
    if (at === 'dns.domain') input.endpoints = [{ hostname: `a.${value}` }];
    expect(problemsOf(input)).toEqual([]);
  });

  test('CIDRs: allowCidrs take IPv4 or IPv6, strictly; cluster ranges IPv4 only', () => {
    expect(parseCidr('2001:db8::/32')?.prefix).toBe(32);
    expect(parseCidr('2001:db8::/32', 'ipv4')).toBeUndefined();
    expect(parseCidr('::ffff:010.0.0.1/128')).toBeUndefined();
    expect(parseCidr('::ffff:10.0.0.1/128')?.prefix).toBe(128);
    expect(parseCidr('2001:db8::/129')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('0.0.0.0/0')?.prefix).toBe(0);
    expect(parseCidr('10.0.0.0/0')).toBeUndefined();
    expect(parseCidr('fe80::1%eth0/64')).toBeUndefined();
    expect(parseCidr('fe80::%eth0/64')).toBeUndefined();
    expect(parseCidr('fe80::%1/64')).toBeUndefined();
    expect(parseCidr('2001:DB8::/32')?.prefix).toBe(32);
    // Neither family: refused as malformed, never thrown at by the address parser.
    for (const text of ['ten/8', 'any/0', ':::/64', '1.2.3/8']) expect(parseCidr(text)).toBeUndefined();
    // One address and one prefix, the whole string: nothing before or after, no leading zeros.
    for (const text of ['x/10.0.0.0/8', '10.0.0.0/8/8', '10.0.0.0/08', '10.0.0.0/8 ', '10.0.0.0/']) expect(parseCidr(text)).toBeUndefined();
  });

  test('blocks of different families never overlap; blocks of one family overlap when either contains the other', () => {
    const block = (text: string) => parseCidr(text)!;
    expect(overlaps(block('0.0.0.0/0'), block('::/0'))).toBe(false);
    expect(overlaps(block('::/0'), block('2001:db8::/32'))).toBe(true);
    expect(overlaps(block('10.0.0.0/8'), block('10.1.0.0/16'))).toBe(true);
    expect(overlaps(block('10.1.0.0/16'), block('10.0.0.0/8'))).toBe(true);
    expect(overlaps(block('10.1.0.0/16'), block('10.2.0.0/16'))).toBe(false);
  });

  test('the gateway IP problem names the range', () => {
    expect(publicAddressProblem('127.0.0.1')).toBe('is a loopback address (RFC 6890), not a public one');
    expect(publicAddressProblem('100.64.0.1')).toBe('is a carrier grade nat address (RFC 6890), not a public one');
    expect(publicAddressProblem('8.8.8.8')).toBeUndefined();
  });

  test('quantities render as Kubernetes writes them, never in exponent form', () => {
    const config = configWith((c) => { c.placeholder = { resources: { cpu: '32', memory: '128Gi' } }; });
    const [container] = synthesize(config).find('Deployment').spec.template.spec.containers;
    expect(container.resources.requests).toEqual({ cpu: '32000m', memory: '131072Mi' });
  });

  test('a CPU quantity YAML reads as a number (cpu: 0.5, cpu: 2) means the same as the string', () => {
    const config = parseConfig(`${stringify(defaultConfigInput())}placeholder: {resources: {cpu: 0.5}}\ngateway: {envoy: {resources: {cpu: 2}}}\n`, 'x.yaml');
    expect(config.placeholder.resources.cpu).toBe('0.5');
    expect(config.gateway.envoy.resources.cpu).toBe('2');
    expect(synthesize(config).find('Deployment').spec.template.spec.containers[0].resources.requests.cpu).toBe('500m');
  });
});

describe('YAML problems give line and column', () => {
  test.each([
    ['an undefined anchor', 'project: {id: wti-ai-platform}\nendpoints: *nope\n', 'YAML: alias *nope refers to no anchor defined before it at line 2, column 12'],
    ['a duplicate key', 'project: {id: wti-ai-platform}\nproject: {id: other}\n', 'YAML: Map keys must be unique at line 2, column 1'],
    ['a collection as a key', '? [a]\n: 1\n', 'YAML: a key must be a plain value, not a list, mapping or alias at line 1, column 3'],
    ['an unknown tag', 'project: !secret {id: x}\n', 'YAML: Unresolved tag: !secret at line 1, column 10'],
    ['an alias bomb', `a: &a [x,x,x,x,x,x,x,x,x,x]\n${['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcd'[i]}`).join(',')}]`).join('\n')}\n`,
      'YAML: aliases expand the document too far (more than 100 copies of one node; Excessive alias count indicates a resource exhaustion attack) at line 2, column 8'],
  ])('%s', (_, yaml, expected) => {
    expect(problemsOf(yaml)).toEqual([expected]);
  });

  // The parser notices these on the indentation (column 1) or at the end of the text; the line
  // and column name the misplaced item, or the quote or bracket that is never closed.
  test.each([
    ['a mapping key indented less than its siblings', 'project:\n  id: wti-ai-platform\n region: us-central1\n',
      'YAML: All mapping items must start at the same column at line 3, column 2'],
    ['a key after a list item, at the list\'s indentation', 'endpoints:\n  - hostname: a.wti.net\n  name: a\n',
      'YAML: All mapping items must start at the same column at line 3, column 3'],
    ['a misindented key after a blank line', 'project:\n  id: wti-ai-platform\n\n region: us-central1\n',
      'YAML: All mapping items must start at the same column at line 4, column 2'],
    ['a misindented key after a line of spaces, CRLF line ends', 'project:\r\n  id: wti-ai-platform\r\n   \r\n region: us-central1\r\n',
      'YAML: All mapping items must start at the same column at line 4, column 2'],
    ['a list item indented more than the one before', 'endpoints:\n  - hostname: a.wti.net\n   - hostname: b.wti.net\n',
      'YAML: All sequence items must start at the same column at line 3, column 4'],
    ['a double quote never closed', 'project:\n  id: "wti-ai-platform\n',
      'YAML: Missing closing "quote at line 2, column 7'],
    ['a single quote never closed, swallowing the lines after it', "project:\n  id: 'wti-ai-platform\n  region: us-central1\n",
      "YAML: Missing closing 'quote at line 2, column 7"],
    ['a flow mapping never closed in a list item', 'endpoints:\n  - {hostname: a.wti.net\n',
      'YAML: Flow map in block collection must be sufficiently indented and end with a } at line 2, column 5'],
  ])('%s: the position is the item\'s', (_, yaml, expected) => {
    expect(problemsOf(yaml)).toEqual([expected]);
  });

  test('an item indented less than its list points at its dash, for each problem the parser reports', () => {
    const problems = problemsOf('endpoints:\n  - hostname: a.wti.net\n    allowCidrs:\n      - 1.2.3.0/24\n     - 1.2.4.0/24\n');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/ at line 5, column 6$/);
  });

  test('a tab used as indentation is itself the problem: column 1', () => {
    expect(problemsOf('project:\n\tid: wti-ai-platform\n')).toEqual(['YAML: Tabs are not allowed as indentation at line 2, column 1']);
  });
});
