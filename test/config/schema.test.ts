import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load';
import { names } from '../../src/config/names';

const errorsOf = (yaml: string, env: Record<string, string> = {}): string[] => {
  try {
    parseConfig(yaml, 'bad.yaml', env);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ConfigError');
};
const minimal = 'project: {id: wti-ai-platform}\nendpoints: [{hostname: conductor.wti.net}]\n';

describe('defaults come from the plan', () => {
  const config = loadConfig({ env: {} });
  const n = names(config);

  test('the names the plan fixes', () => {
    expect(config.endpoints.map((e) => e.hostname)).toEqual(['conductor.wti.net']);
    expect(config.gateway).toMatchObject({ namespace: 'wti-ai', name: 'conductor-gateway', className: 'envoy-gateway' });
    expect(config.tls.issuers).toEqual({ production: 'letsencrypt-dns01', staging: 'letsencrypt-dns01-staging' });
    expect(n.endpoints[0].tlsSecret).toBe('conductor-wti-net-tls');
    expect(n.addressName).toBe(`${config.cluster.name}-gw-ip`);
  });

  test('safe choices by default: ACME staging, Workload Identity, deletion protection, placeholder backend', () => {
    expect(config.tls.acme).toBe('staging');
    expect(config.tls.dns01.credentials).toBe('workload-identity');
    expect(config.cluster.deletionProtection).toBe(true);
    expect(config.endpoints[0].backend).toBe('placeholder');
    expect(config.endpoints[0].allowCidrs).toBeUndefined();
  });

  test('every section left out gets the plan\'s values (config/default.yaml states only what a team decides)', () => {
    const bare = parseConfig(minimal, 'x.yaml');
    expect(bare.project.region).toBe('us-central1');
    expect(bare.cluster).toMatchObject({ name: 'wti-ai-autopilot', releaseChannel: 'REGULAR', deletionProtection: true });
    // No control-plane range: GKE gives the control plane a Private Service Connect endpoint. Flow logs off (cost).
    expect(bare.cluster.network).toEqual({ subnetCidr: '10.10.0.0/20', podsCidr: '10.16.0.0/14', servicesCidr: '10.20.0.0/20', flowLogs: false });
    expect(bare.cluster.labels).toEqual({});
    expect(bare.cluster.controlPlane).toEqual({ access: 'dns' });
    // dnssec unset: on for a zone created here (src/gcp/stacks/platform-stack.ts).
    expect(bare.dns).toEqual({ domain: 'wti.net', zoneName: 'wti-net', createZone: true, mode: 'zone' });
    expect(bare.tls).toMatchObject({ acme: 'staging', certificates: 'per-endpoint' });
    expect(bare.tls.dns01.keySecret).toEqual({ name: 'clouddns-dns01-svc-acct', key: 'key.json' });
    expect(bare.addons.envoyGateway).toMatchObject({ namespace: 'envoy-gateway-system', gatewayApiCrds: 'install' });
    expect(bare.addons.certManager.namespace).toBe('cert-manager');
    expect(bare.addons.helmCredentials).toBe('application-default');
    expect(bare.state).toEqual({ location: 'US', createBucket: true });
    expect(bare.environment).toBe('default');
  });
});

describe('where the configuration comes from', () => {
  test('the old scripts\' env vars override their fields', () => {
    const config = loadConfig({ env: { GOOGLE_PROJECT_ID: 'other-project', GOOGLE_REGION: 'europe-west4', GKE_CLUSTER_NAME: 'edge' } });
    expect(config.project).toEqual({ id: 'other-project', region: 'europe-west4' });
    expect(names(config).addressName).toBe('edge-gw-ip');
  });

  test('an empty override variable is unset, not an empty value', () => {
    expect(parseConfig(minimal, 'x.yaml', { GOOGLE_PROJECT_ID: '', GOOGLE_REGION: '', GKE_CLUSTER_NAME: '' }).project).toEqual({ id: 'wti-ai-platform', region: 'us-central1' });
  });

  test('an override fills in a section the file leaves out', () => {
    expect(parseConfig('endpoints: [{hostname: conductor.wti.net}]\n', 'x.yaml', { GOOGLE_PROJECT_ID: 'from-env-1' }).project.id).toBe('from-env-1');
  });

  test('an override never replaces a section that is not a mapping: the section is reported', () => {
    expect(errorsOf('project: abc\nendpoints: [{hostname: conductor.wti.net}]\n', { GOOGLE_PROJECT_ID: 'from-env-1' })).toEqual(['project: must be a mapping, got "abc"']);
    expect(errorsOf('project: [a]\nendpoints: [{hostname: conductor.wti.net}]\n', { GOOGLE_PROJECT_ID: 'from-env-1' })).toEqual(['project: must be a mapping, got a list']);
    expect(parseConfig('project:\nendpoints: [{hostname: conductor.wti.net}]\n', 'x.yaml', { GOOGLE_PROJECT_ID: 'from-env-1' }).project.id).toBe('from-env-1');
  });

  test('an environment file may leave its name out or repeat it', () => {
    expect(parseConfig(minimal, 'staging.yaml', {}, 'staging').environment).toBe('staging');
    expect(parseConfig(`${minimal}environment: staging\n`, 'staging.yaml', {}, 'staging').environment).toBe('staging');
    expect(parseConfig(minimal, 'x.yaml').environment).toBe('default');
  });

  test('a configuration error is a ConfigError naming its source', () => {
    const error = (() => { try { parseConfig('project: {id: X}', 'config/x.yaml'); } catch (e) { return e as ConfigError; } throw new Error('no error'); })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.name).toBe('ConfigError');
    expect(error.source).toBe('config/x.yaml');
  });

  test('INFRA_CONFIG selects another file, relative to the working directory', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    writeFileSync(path.join(dir, 'alt.yaml'), minimal.replace('conductor.wti.net', 'alt.wti.net'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(loadConfig({ env: { INFRA_CONFIG: 'alt.yaml' } }).endpoints[0].hostname).toBe('alt.wti.net');
    } finally {
      process.chdir(cwd);
    }
  });

  test('errors name the file as the user sees it: relative to the working directory, absolute when there is no shorter name', () => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cfg-')));
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'bad.yaml'), 'project: {id: X}');
    const sourceOf = (file: string) => { try { loadConfig({ env: { INFRA_CONFIG: file } }); } catch (e) { return (e as ConfigError).message.split(': ')[0]; } throw new Error('no error'); };
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(sourceOf('sub/bad.yaml')).toBe(path.join('sub', 'bad.yaml'));
      expect(sourceOf(path.join(dir, 'sub', 'bad.yaml'))).toBe(path.join('sub', 'bad.yaml'));
      expect(sourceOf('.')).toBe(dir);
    } finally {
      process.chdir(cwd);
    }
  });

  test('a missing file is a one-line error that says how to fix it', () => {
    expect(() => loadConfig({ env: { INFRA_CONFIG: '/nonexistent/x.yaml' } })).toThrow(/cannot read the config file \(ENOENT\); set INFRA_CONFIG/);
  });

  test('an env value is checked like the file, and the message names the variable', () => {
    expect(errorsOf(minimal, { GOOGLE_PROJECT_ID: 'Bad' })).toEqual([
      'project.id (from GOOGLE_PROJECT_ID): "Bad" is not allowed: a GCP project ID: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter',
    ]);
  });
});

describe('bad input: one line per problem, naming the field and what is allowed', () => {
  test.each([
    ['bad hostname', 'project: {id: wti-ai-platform}\nendpoints: [{hostname: Conductor_wti.net}]',
      'endpoints[0].hostname: "Conductor_wti.net" is not allowed: a lowercase RFC 1123 hostname with at least two labels, e.g. conductor.wti.net'],
    ['bad project ID', 'project: {id: 1abc}\nendpoints: [{hostname: conductor.wti.net}]',
      'project.id: "1abc" is not allowed: a GCP project ID: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter'],
    ['unknown key', `${minimal}gatway: {name: x}`, 'gatway: unknown key; see the fields in src/config/schema.ts'],
    ['empty endpoint list', 'project: {id: wti-ai-platform}\nendpoints: []', 'endpoints: must list at least one endpoint'],
    ['wrong type', `${minimal}placeholder: {replicas: "2"}`, 'placeholder.replicas: must be a whole number from 1 to 10, got "2"'],
    ['zone instead of region', 'project: {id: wti-ai-platform, region: us-central1-a}\nendpoints: [{hostname: conductor.wti.net}]',
      'project.region: "us-central1-a" is a zone; a region is needed, e.g. us-central1'],
    ['unknown enum value', `${minimal}tls: {acme: prod}`, 'tls.acme: "prod" is not allowed; allowed: "staging", "production"'],
    ['hostname outside the zone', 'project: {id: wti-ai-platform}\nendpoints: [{hostname: conductor.example.com}]',
      'endpoints[0].hostname: "conductor.example.com" is not in the DNS zone wti.net; allowed: hostnames ending in .wti.net'],
    ['duplicate hostname', 'project: {id: wti-ai-platform}\nendpoints: [{hostname: a.wti.net}, {hostname: a.wti.net}]',
      'endpoints[1].hostname: hostname "a.wti.net" is already used by endpoints[0]; each endpoint needs its own'],
    ['hostnames colliding as Kubernetes names', 'project: {id: wti-ai-platform}\nendpoints: [{hostname: a-b.wti.net}, {hostname: a.b.wti.net, name: ab}]',
      'endpoints[1].hostname: Kubernetes name "a-b-wti-net" is already used by endpoints[0]; each endpoint needs its own'],
    ['overlapping CIDRs', `${minimal}cluster: {network: {servicesCidr: 10.10.8.0/24}}`,
      'cluster.network.servicesCidr: 10.10.8.0/24 overlaps cluster.network.subnetCidr 10.10.0.0/20; the ranges must not overlap'],
    ['malformed CIDR', `${minimal}cluster: {network: {podsCidr: 10.16.0.0/33}}`,
      'cluster.network.podsCidr: "10.16.0.0/33" is not allowed: an IPv4 CIDR block with no host bits set, e.g. 10.16.0.0/14'],
    ['bad bucket', `${minimal}state: {bucket: Google-State}`,
      'state.bucket: "Google-State" is not allowed: a GCS bucket name of 3-63 lowercase letters, digits, - and _, not starting with "goog", not containing "google", not an IP address'],
    ['not YAML', 'project: [', 'YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 10'],
  ])('%s', (_, yaml, expected) => {
    expect(errorsOf(yaml)).toEqual([expected]);
  });

  test('every problem is reported at once', () => {
    const problems = errorsOf('project: {id: X, region: us-central1-b}\ncluster: {name: Bad_Name}\nendpoints: [{hostname: a.wti.net, allowCidrs: [1.2.3.4/40]}]\ntls: {acme: prod}');
    expect(problems.map((p) => p.split(':')[0])).toEqual(['project.id', 'project.region', 'cluster.name', 'tls.acme', 'endpoints[0].allowCidrs[0]']);
  });

  test('the error message prefixes each line with the source file', () => {
    expect(() => parseConfig('project: {id: X}\nendpoints: []', 'config/x.yaml')).toThrow(/^config\/x\.yaml: project\.id: .*\nconfig\/x\.yaml: endpoints: must list/);
  });
});
