import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load';
import { compareTrees } from '../../src/diff/compare';
import { loadTree } from '../../src/diff/tree';
import { synthesizeInto } from '../../src/pipeline';
import { DEFAULT_CONFIG } from './trees';

// The diff reads every environment where synthesis puts it: dist/ and dist-<env>/, and the
// <env>-prefixed stacks in the one cdktf.out/.

const STAGING = { ...DEFAULT_CONFIG, cluster: { name: 'wti-ai-staging' }, dns: { domain: 'staging.wti.net', zoneName: 'staging-wti-net' }, endpoints: [{ hostname: 'conductor.staging.wti.net' }] };

function synthesizedCheckout(stagingEndpoints: object[]) {
  const root = mkdtempSync(path.join(tmpdir(), 'diff-envs-'));
  const configs = [
    parseConfig(stringify(DEFAULT_CONFIG), 'default.yaml'),
    parseConfig(stringify({ ...STAGING, endpoints: stagingEndpoints }), 'staging.yaml', {}, 'staging'),
  ];
  synthesizeInto(configs, { k8s: (env) => path.join(root, env === 'default' ? 'dist' : `dist-${env}`), gcp: path.join(root, 'cdktf.out') }, { root });
  try {
    return loadTree(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('each environment is read from its own folder and stacks', () => {
  const tree = synthesizedCheckout(STAGING.endpoints);
  expect(tree.map((e) => e.environment)).toEqual(['', 'staging']);
  const [production, staging] = tree;
  expect(new Set(production.gcp.map((b) => b.stack))).toEqual(new Set(['platform', 'addons', 'dns-records']));
  expect(new Set(staging.gcp.map((b) => b.stack))).toEqual(new Set(['staging-platform', 'staging-addons', 'staging-dns-records']));
  expect(staging.k8s.find((o) => o.kind === 'Gateway')?.body).toMatchObject({ metadata: { labels: { 'app.kubernetes.io/instance': 'staging' } } });
});

test('a change in one environment is reported against that environment only', () => {
  const base = synthesizedCheckout(STAGING.endpoints);
  const head = synthesizedCheckout([...STAGING.endpoints, { hostname: 'mcp.staging.wti.net' }]);
  const changes = compareTrees(base, head);
  expect(changes.length).toBeGreaterThan(0);
  expect(changes.every((c) => c.name.startsWith('staging:'))).toBe(true);
  expect(changes.find((c) => c.kind === 'google_dns_record_set')).toMatchObject({ action: 'add', risks: ['public-dns'] });
  expect(compareTrees(base, base)).toEqual([]);
});
