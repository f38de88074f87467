import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/load';
import { synthesizeInto } from '../../src/pipeline';
import { defaultConfigInput } from '../support/config';
import { treeHash } from '../support/sandbox';
import { modelProblems } from '../support/k8s-models';
import { readK8sOutput } from '../support/k8s-output';

// Generated configurations: valid ones synthesize into objects the kubernetes-models schemas accept;
// invalid ones fail with a message naming the broken field and leave existing output untouched.

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const validInput = fc.record({
  project: fc.record({
    id: fc.stringMatching(/^[a-z][a-z0-9-]{4,20}[a-z0-9]$/),
    region: fc.constantFrom('us-central1', 'europe-west4', 'asia-northeast1', 'northamerica-northeast2'),
  }),
  cluster: fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/), releaseChannel: fc.constantFrom('RAPID', 'REGULAR', 'STABLE') }),
  tls: fc.record({
    acme: fc.constantFrom('staging', 'production'),
    certificates: fc.constantFrom('per-endpoint', 'shared'),
    dns01: fc.record({ credentials: fc.constantFrom('workload-identity', 'service-account-key') }),
  }),
  gateway: fc.record({ address: fc.record({ networkTier: fc.constantFrom('PREMIUM', 'STANDARD') }) }),
  endpoints: fc.uniqueArray(fc.record({
    sub: label,
    allow: fc.boolean(),
    service: fc.option(label, { nil: undefined }),
  }), { minLength: 1, maxLength: 4, selector: (e) => e.sub }),
}).map((v) => ({
  ...v,
  endpoints: v.endpoints.map((e) => ({
    hostname: `${e.sub}.wti.net`,
    backend: e.service ? { service: e.service, port: 8080 } : 'placeholder',
    ...(e.allow ? { allowCidrs: ['203.0.113.0/24'] } : {}),
  })),
}));

test('valid configs synthesize both halves, and every core and cert-manager object passes its kubernetes-models schema', async () => {
  await fc.assert(fc.asyncProperty(validInput, async (input) => {
    const config = parseConfig(stringify(input), 'generated.yaml');
    const dir = mkdtempSync(path.join(tmpdir(), 'prop-'));
    const written = synthesizeInto(config, { k8s: path.join(dir, 'dist'), gcp: path.join(dir, 'cdktf.out') }, { root: dir });
    expect(written.files.gcp).toContain('manifest.json');
    const { objects } = readK8sOutput(path.join(dir, 'dist'));
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) expect(modelProblems(object)).toEqual([]);
  }), { numRuns: 8, seed: 42 });
});

/** One way to break a valid config, and the field path the error must name. */
interface Corruption { readonly kind: string; readonly field: string; apply(input: Record<string, any>): void }

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.constantFrom('Conductor.wti.net', 'conductor_wti.net', 'conductor..wti.net', '-conductor.wti.net', 'conductor').map((h) => ({
    kind: 'bad hostname', field: 'endpoints[0].hostname', apply: (c: any) => { c.endpoints = [{ hostname: h }]; } })),
  fc.constantFrom('abc', 'UPPER-case-id', '1starts-with-digit', 'ends-with-hyphen-', 'a'.repeat(31)).map((id) => ({
    kind: 'bad project id', field: 'project.id', apply: (c: any) => { c.project.id = id; } })),
  fc.constantFrom('a', 'b', 'c', 'f').map((z) => ({
    kind: 'zone for region', field: 'project.region', apply: (c: any) => { c.project.region = `us-central1-${z}`; } })),
  fc.constantFrom(['gatway', ''], ['tls', 'acmee'], ['cluster', 'nodePools'], ['gateway', 'addresses']).map(([section, key]) => ({
    kind: 'unknown key', field: key ? `${section}.${key}` : section,
    apply: (c: any) => { if (key) c[section] = { ...(c[section] ?? {}), [key]: 1 }; else c[section] = {}; } })),
  fc.constant({ kind: 'duplicate hostname', field: 'endpoints[1].hostname', apply: (c: any) => { c.endpoints = [{ hostname: 'a.wti.net' }, { hostname: 'a.wti.net' }]; } }),
  fc.constantFrom('10.10.0.0/33', '10.10.0.1/20', '300.1.0.0/16', '10.10.0.0', 'ten/8').map((cidr) => ({
    kind: 'malformed CIDR', field: 'cluster.network.podsCidr', apply: (c: any) => { c.cluster.network = { podsCidr: cidr }; } })),
  fc.constantFrom('10.10.4.0/24', '10.8.0.0/14', '10.0.0.0/8').map((cidr) => ({
    kind: 'overlapping CIDR', field: 'cluster.network.servicesCidr', apply: (c: any) => { c.cluster.network = { servicesCidr: cidr }; } })),
  fc.constantFrom<[string, any]>(['replicas', '2'], ['replicas', 2.5], ['replicas', 0], ['replicas', null]).map(([k, v]) => ({
    kind: 'wrong type or range', field: `placeholder.${k}`, apply: (c: any) => { c.placeholder = { [k]: v }; } })),
  fc.constantFrom('not-an-email', 'a@b', '@wti.net').map((email) => ({
    kind: 'bad email', field: 'tls.email', apply: (c: any) => { c.tls = { email }; } })),
  fc.constantFrom('Upper', 'goog-state', 'ab', 'x'.repeat(64), 'has space').map((bucket) => ({
    kind: 'bad bucket', field: 'state.bucket', apply: (c: any) => { c.state = { bucket }; } })),
  fc.constantFrom<[string, string, string]>(['tls', 'acme', 'prod'], ['cluster', 'releaseChannel', 'regular'], ['tls', 'certificates', 'one']).map(([s, k, v]) => ({
    kind: 'value outside the enum', field: `${s}.${k}`, apply: (c: any) => { c[s] = { ...(c[s] ?? {}), [k]: v }; } })),
  fc.constantFrom('conductor.example.com', 'wti.net.evil.com').map((h) => ({
    kind: 'hostname outside the zone', field: 'endpoints[0].hostname', apply: (c: any) => { c.endpoints = [{ hostname: h }]; } })),
  fc.constant({ kind: 'endpoint names collide', field: 'endpoints[1].name',
    apply: (c: any) => { c.endpoints = [{ hostname: 'conductor.wti.net' }, { hostname: 'conductor.dev.wti.net' }]; } }),
  fc.constant({ kind: 'empty endpoint list', field: 'endpoints', apply: (c: any) => { c.endpoints = []; } }),
  fc.constantFrom('203.0.113.300', '2001:db8::1', 'localhost').map((ip) => ({
    kind: 'bad static IP', field: 'gateway.address.ip', apply: (c: any) => { c.gateway = { address: { ip } }; } })),
  fc.constantFrom('203.0.113.1/24', 'any', '0.0.0.0/-1').map((cidr) => ({
    kind: 'bad allowCidrs', field: 'endpoints[0].allowCidrs[0]', apply: (c: any) => { c.endpoints = [{ hostname: 'mcp.wti.net', allowCidrs: [cidr] }]; } })),
);

test('invalid configs fail naming the broken field, one line per problem, and leave output untouched', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prop-'));
  const targets = { k8s: path.join(dir, 'dist'), gcp: path.join(dir, 'cdktf.out') };
  synthesizeInto(parseConfig(stringify(defaultConfigInput()), 'default.yaml'), targets, { root: dir });
  const before = [treeHash(targets.k8s), treeHash(targets.gcp)];

  fc.assert(fc.property(fc.array(corruption, { minLength: 1, maxLength: 3 }), (corruptions) => {
    const input = defaultConfigInput();
    corruptions.forEach((c) => c.apply(input));
    let error: unknown;
    try {
      synthesizeInto(parseConfig(stringify(input), 'broken.yaml'), targets, { root: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    for (const line of lines) expect(line).toMatch(/^broken\.yaml: [\w.[\]-]+(?: \(from [A-Z_]+\))?: \S/);
    const fields = lines.map((l) => l.split(': ')[1]);
    // Later corruptions may replace what an earlier one broke; the last one always shows.
    expect(fields).toContain(corruptions[corruptions.length - 1].field);
  }), { numRuns: 200, seed: 7 });
  // Once, after all of them: a run that changed a folder would show here (none restores it).
  expect([treeHash(targets.k8s), treeHash(targets.gcp)]).toEqual(before);
});
