import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { crdsUpdate, deriveCrd, stripDescriptions } from '../../scripts/crds';
import { configWith } from '../support/config';
import { synthesize } from '../support/k8s-output';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CRDS = path.join(REPO_ROOT, 'crds');

interface Index {
  releases: { component: string; version: string; release: string; source: string; files: { name: string; sha256: string }[] }[];
}
const index = JSON.parse(readFileSync(path.join(CRDS, 'index.json'), 'utf8')) as Index;
const listed = index.releases.flatMap((r) => r.files.map((f) => `${r.component}-${r.version}/${f.name}`)).sort();

/** The parsed documents of a file in crds/, parsed once per file (several tests read each). */
const parsed = new Map<string, any[]>();
function crdsIn(rel: string): any[] {
  if (!parsed.has(rel)) parsed.set(rel, parseAllDocuments(readFileSync(path.join(CRDS, rel), 'utf8')).map((d) => d.toJS()));
  return parsed.get(rel)!;
}

/** Every `description` whose value is prose, with where it is. */
function proseDescriptions(node: unknown, at = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => proseDescriptions(n, `${at}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === 'description' && typeof v === 'string' ? [`${at}.description`] : proseDescriptions(v, `${at}.${k}`)));
}

describe('crds/: the pinned upstream CRDs the tests and npm run import use', () => {
  test('the index lists exactly the files in crds/, each pinned to a tag URL and a sha256', () => {
    const present = index.releases.flatMap((r) => readdirSync(path.join(CRDS, `${r.component}-${r.version}`)).map((f) => `${r.component}-${r.version}/${f}`)).sort();
    expect(present).toEqual(listed);
    expect(readdirSync(CRDS).sort()).toEqual(['index.json', ...index.releases.map((r) => `${r.component}-${r.version}`)].sort());
    for (const r of index.releases) {
      expect(r.release).toContain(`/releases/tag/${r.version}`);
      expect(r.source).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[\w.-]+\/[\w.-]+\/\{version\}\/.+\/$/);
      for (const f of r.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test.each(listed)('%s: one CRD, schema and CEL rules kept, no prose', (rel) => {
    const docs = crdsIn(rel);
    expect(docs).toHaveLength(1);
    const [crd] = docs;
    expect(crd.kind).toBe('CustomResourceDefinition');
    const served = crd.spec.versions.filter((v: any) => v.served);
    expect(served.length).toBeGreaterThan(0);
    for (const v of served) expect(v.schema.openAPIV3Schema.type).toBe('object');
    expect(proseDescriptions(crd)).toEqual([]);
  });

  test('the Gateway API and Envoy Gateway CRDs keep their x-kubernetes-validations rules', () => {
    const rules = (rel: string) => JSON.stringify(crdsIn(rel)).split('"x-kubernetes-validations"').length - 1;
    const withRules = ['gateways', 'httproutes', 'envoyproxies', 'securitypolicies'].map((plural) => listed.find((f) => f.endsWith(`_${plural}.yaml`))!);
    for (const rel of withRules) expect(rules(rel)).toBeGreaterThan(0);
  });

  test('every custom kind the charts synthesize has its CRD here', () => {
    const output = synthesize(configWith((c) => c.endpoints.push({ hostname: 'mcp.wti.net', allowCidrs: ['203.0.113.0/24'] })));
    const served = new Set(listed.flatMap((rel) => crdsIn(rel).flatMap((crd) => crd.spec.versions.filter((v: any) => v.served).map((v: any) => `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`))));
    const groups = new Set(listed.flatMap((rel) => crdsIn(rel).map((crd) => crd.spec.group)));
    const custom = [...new Set(output.objects.filter((o) => groups.has(o.apiVersion.split('/')[0])).map((o) => `${o.apiVersion}/${o.kind}`))];
    expect(custom.length).toBeGreaterThanOrEqual(7);
    expect(custom.filter((k) => !served.has(k))).toEqual([]);
  });

  test('the pinned releases are the versions the config installs', () => {
    const versions = Object.fromEntries(index.releases.map((r) => [r.component, r.version]));
    const { addons } = configWith();
    expect(versions['cert-manager']).toBe(addons.certManager.version);
    expect(versions['envoy-gateway']).toBe(addons.envoyGateway.version);
  });
});

describe('deriving a CRD file', () => {
  test('drops prose but keeps a property that is named description', () => {
    const schema = { description: 'prose', type: 'object', properties: { description: { type: 'string', description: 'more prose' } } };
    expect(stripDescriptions(schema)).toEqual({ type: 'object', properties: { description: { type: 'string' } } });
  });

  test('keeps CEL rules and their messages, and refuses what is no CRD', () => {
    const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        description: prose\n        x-kubernetes-validations:\n        - rule: self.a == 1\n          message: a must be 1\n';
    const derived = deriveCrd(crd, 'https://example.invalid/x.yaml');
    expect(derived).toContain('rule: self.a == 1');
    expect(derived).toContain('message: a must be 1');
    expect(derived).not.toContain('prose');
    expect(() => deriveCrd('kind: ConfigMap\n', 'x.yaml')).toThrow('x.yaml: not a CustomResourceDefinition');
  });
});

describe('npm run crds:update', () => {
  const run = (args: string[]) => spawnSync('node', ['--require', 'tsx/cjs', 'scripts/crds.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, UPSTREAM_CRDS: '' } });
  const crdsHash = () => createHash('sha256').update(listed.map((rel) => readFileSync(path.join(CRDS, rel))).join('\0')).digest('hex');

  test('a local upstream file whose digest differs from the pin is refused, and crds/ is untouched', () => {
    const before = crdsHash();
    const upstream = mkdtempSync(path.join(tmpdir(), 'crds-upstream-'));
    try {
      for (const r of index.releases) {
        mkdirSync(path.join(upstream, `${r.component}-${r.version}`));
        for (const f of r.files) writeFileSync(path.join(upstream, `${r.component}-${r.version}`, f.name), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n');
      }
      const result = run(['--from', upstream]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^crds:update: .+: sha256 [0-9a-f]{64} does not match the pinned [0-9a-f]{64}; nothing was written\n$/);
      expect(crdsHash()).toBe(before);
    } finally {
      rmSync(upstream, { recursive: true, force: true });
    }
  });

  // In-process: the command's own function; the test above runs it as a process (exit code, stderr).
  test('bad arguments get one line and exit 2', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const failure = async (args: string[]) => {
      stderr.mockClear();
      const code = await crdsUpdate(args);
      return { code, stderr: stderr.mock.calls.map(([text]) => String(text)).join('') };
    };
    try {
      expect(await failure(['--set', 'nope'])).toEqual({ code: 2, stderr: 'crds:update: --set takes <component>=v<major>.<minor>.<patch>, e.g. envoy-gateway=v1.10.0\n' });
      expect(await failure(['--set', 'istio=v1.0.0'])).toEqual({ code: 2, stderr: 'crds:update: --set: unknown component istio; known: gateway-api, cert-manager, envoy-gateway\n' });
      expect(await failure(['--bogus'])).toEqual({ code: 2, stderr: expect.stringMatching(/^crds:update: unknown argument "--bogus"; allowed: .*\n$/) });
    } finally {
      stderr.mockRestore();
    }
  });
});

