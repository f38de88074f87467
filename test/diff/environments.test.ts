import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { distFolder } from '../../src/config/environment-names';
import { parseConfig } from '../../src/config/load';
import { compareTrees } from '../../src/diff/compare';
import { loadTree, type SynthesizedTree } from '../../src/diff/tree';
import { synthesizeInto } from '../../src/pipeline';
import { DEFAULT_CONFIG } from './trees';

// The diff reads every environment where synthesis puts it: dist/ and dist-<env>/, and the
// <env>-prefixed stacks in the one cdktf.out/.

const STAGING = { ...DEFAULT_CONFIG, cluster: { name: 'wti-ai-staging' }, dns: { domain: 'staging.wti.net', zoneName: 'staging-wti-net' }, endpoints: [{ hostname: 'conductor.staging.wti.net' }] };

/** Synthesizes the default environment and a second one (config/environments/<name>.yaml), as a checkout lays them out, and loads the tree. */
function synthesizedCheckout({ endpoints = STAGING.endpoints as object[], cluster = STAGING.cluster.name, name = 'staging' } = {}): SynthesizedTree {
  const root = mkdtempSync(path.join(tmpdir(), 'diff-envs-'));
  const configs = [
    parseConfig(stringify(DEFAULT_CONFIG), 'default.yaml'),
    parseConfig(stringify({ ...STAGING, cluster: { name: cluster }, endpoints }), `${name}.yaml`, {}, name),
  ];
  try {
    synthesizeInto(configs, { k8s: (env) => path.join(root, distFolder(env)), gcp: path.join(root, 'cdktf.out') }, { root });
    return loadTree(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// Synthesis is deterministic: the cases that read default + staging as configured share one.
let both: SynthesizedTree;
beforeAll(() => {
  both = synthesizedCheckout();
});

test('each environment is read from its own folder and stacks', () => {
  expect(both.map((e) => e.environment)).toEqual(['default', 'staging']);
  const [production, staging] = both;
  expect(new Set(production.gcp.map((b) => b.stack))).toEqual(new Set(['platform', 'addons', 'dns-records']));
  expect(new Set(staging.gcp.map((b) => b.stack))).toEqual(new Set(['staging-platform', 'staging-addons', 'staging-dns-records']));
  expect(staging.k8s.find((o) => o.kind === 'Gateway')?.body).toMatchObject({ metadata: { labels: { 'app.kubernetes.io/instance': 'staging' } } });
});

test('a change in one environment is reported against that environment only', () => {
  const head = synthesizedCheckout({ endpoints: [...STAGING.endpoints, { hostname: 'mcp.staging.wti.net' }] });
  const changes = compareTrees(both, head);
  expect(changes.length).toBeGreaterThan(0);
  expect(changes.every((c) => c.name.startsWith('staging:'))).toBe(true);
  expect(changes.find((c) => c.kind === 'google_dns_record_set')).toMatchObject({ action: 'add', risks: ['public-dns'] });
  expect(compareTrees(both, both)).toEqual([]);
});

describe('environment lifecycle', () => {
  test('an environment file renamed, same cluster (same state): no Terraform change but the cluster label environment', () => {
    const changes = compareTrees(both, synthesizedCheckout({ name: 'stage' }));
    // Terraform sees the same resources; only the cluster's `environment` label changes, in place.
    expect(changes.filter((c) => c.half !== 'k8s').map((c) => [c.action, c.kind, c.fields.map((f) => f.path), c.risks])).toEqual([
      ['change', 'google_container_cluster', ['resource_labels.environment'], []],
    ]);
    // Only the instance label of the Kubernetes objects says which environment made them.
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((c) => c.half === 'k8s').every((c) => c.name.startsWith('stage:') && c.fields.every((f) => /app\.kubernetes\.io\/instance/.test(f.path)))).toBe(true);
  });

  test('a removed environment is one finding, never destroy: its resources keep running until destroyed', () => {
    const changes = compareTrees(both, both.filter((e) => e.environment !== 'staging'));
    expect(changes).toEqual([{
      half: 'environment', action: 'remove', kind: 'environment', name: 'staging', fields: [], risks: [],
      notes: [expect.stringMatching(/^no longer configured: its \d+ Terraform resources \(stacks staging-addons, staging-dns-records, staging-platform\) and \d+ Kubernetes objects keep running until destroyed/), expect.stringContaining('#removing-an-environment')],
    }]);
  });

  test('a state move (another cluster name) is still flagged', () => {
    // Same stack names, other state locations: paired by name, and the backend change is flagged.
    const moves = compareTrees(both, synthesizedCheckout({ cluster: 'wti-ai-staging-2' })).filter((c) => c.kind === 'terraform');
    expect(moves.map((c) => [c.name, c.risks])).toEqual(['staging-addons', 'staging-dns-records', 'staging-platform'].map((s) => [`staging:${s}/terraform`, ['replace']]));
  });
});
