import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { configDigest, HALVES, synthesizeInto } from '../src/pipeline';
import { LOCK_FILE } from '../src/output/repository-lock';
import { MANIFEST_FILE } from '../src/output/publish';
import { PublishError } from '../src/output/publish-error';
import { configWith } from './support/config';
import { treeHash } from './support/sandbox';
import { readTree, writeTree, type Tree } from './support/tree';

const config = configWith();
const other = configWith((c) => { c.cluster.name = 'other'; });

/** The default config's published output, synthesized by the first test that needs it and copied for each. */
let template: Tree | undefined;
function published() {
  if (!template) {
    const first = mkdtempSync(path.join(tmpdir(), 'pipeline-'));
    synthesizeInto(config, { k8s: path.join(first, 'dist'), gcp: path.join(first, 'cdktf.out') }, { root: first });
    template = readTree(first);
  }
  const root = writeTree(template, 'pipeline-');
  const targets = { k8s: path.join(root, 'dist'), gcp: path.join(root, 'cdktf.out') };
  return { root, targets, before: [treeHash(targets.k8s), treeHash(targets.gcp)] };
}

afterEach(() => jest.restoreAllMocks());

describe('both halves are one unit', () => {
  test.each(['k8s', 'gcp'] as const)('when the %s half fails after the other was built, neither folder changes', (failing) => {
    const { root, targets, before } = published();
    const built: string[] = [];
    jest.spyOn(HALVES, failing).mockReturnValue(() => {
      throw new Error(`${failing} broke`);
    });
    const healthy = failing === 'k8s' ? 'gcp' : 'k8s';
    const synth = HALVES[healthy]();
    jest.spyOn(HALVES, healthy).mockReturnValue((c, dir) => {
      built.push(healthy);
      return synth(c, dir);
    });
    // Build the healthy half first, so the failure comes after it.
    const order = failing === 'k8s' ? { gcp: targets.gcp, k8s: targets.k8s } : targets;
    expect(() => synthesizeInto(other, order, { root })).toThrow(`${failing} broke`);
    expect(built).toHaveLength(1);
    expect([treeHash(targets.k8s), treeHash(targets.gcp)]).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['cdktf.out', 'dist']);
  });

  test('a successful run replaces both folders, records what it wrote and from which configuration, and leaves only them', () => {
    const { root, targets, before } = published();
    const result = synthesizeInto(other, targets, { root });
    expect([treeHash(targets.k8s), treeHash(targets.gcp)].map((h, i) => h !== before[i])).toEqual([true, true]);
    expect(result.files.gcp).toEqual(['manifest.json', 'stacks/addons/cdk.tf.json', 'stacks/dns-records/cdk.tf.json', 'stacks/platform/cdk.tf.json']);
    expect(result.files.k8s).toEqual(['0000-cluster.k8s.yaml', '0001-placeholder.k8s.yaml', '0002-certificates.k8s.yaml', '0003-gateway.k8s.yaml', '0004-routes.k8s.yaml', 'Kustomization']);
    const record = `# config default ${configDigest(other)}\n`;
    expect(readFileSync(path.join(targets.gcp, MANIFEST_FILE), 'utf8')).toBe(record + result.files.gcp!.map((f) => `${f}\n`).join(''));
    expect(readFileSync(path.join(targets.k8s, MANIFEST_FILE), 'utf8')).toBe(record + result.files.k8s!.map((f) => `${f}\n`).join(''));
    expect(readdirSync(root).sort()).toEqual(['cdktf.out', 'dist']); // no lock, no scratch folder
    expect(existsSync(path.join(root, LOCK_FILE))).toBe(false);
  });

  test('another run holding the lock is waited for as long as asked, then named; nothing changes', () => {
    const { root, targets, before } = published();
    writeFileSync(path.join(root, LOCK_FILE), `${JSON.stringify({ pid: process.ppid, host: hostname(), command: 'synth', startedAt: 'then' })}\n`);
    expect(() => synthesizeInto(other, targets, { root, lockWaitMs: 0 })).toThrow(PublishError);
    expect([treeHash(targets.k8s), treeHash(targets.gcp)]).toEqual(before);
  });
});

describe('the digest of a configuration', () => {
  test('is the same however the keys are ordered, and differs with any value', () => {
    const reordered = Object.fromEntries(Object.entries(config).reverse()) as typeof config;
    expect(configDigest(reordered)).toBe(configDigest(config));
    expect(configDigest(config)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(configDigest(other)).not.toBe(configDigest(config));
    // Nested keys too: the YAML's order of a mapping's keys is not part of the configuration.
    const backend = (value: object) => configWith((c) => { c.endpoints[0].backend = value; });
    expect(configDigest(backend({ service: 'web', port: 80 }))).toBe(configDigest(backend({ port: 80, service: 'web' })));
    expect(configDigest(backend({ service: 'web', port: 80 }))).not.toBe(configDigest(backend({ service: 'web', port: 81 })));
  });
});

describe('environments are part of the one unit', () => {
  test('when one environment fails after another was built, no environment folder changes', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pipeline-'));
    const staging = configWith((c) => { c.environment = 'staging'; c.cluster.name = 'wti-ai-staging'; });
    const targets = { k8s: (env: string) => path.join(root, env === 'default' ? 'dist' : `dist-${env}`), gcp: path.join(root, 'cdktf.out') };
    const first = synthesizeInto([config, staging], targets, { root });
    expect(first.outputs.map((o) => path.relative(root, o.target))).toEqual(['dist', 'dist-staging', 'cdktf.out']);
    expect(first.files.k8s).toEqual([...first.outputs[0].files, ...first.outputs[1].files]);
    expect(first.outputs[1].files.length).toBeGreaterThan(0);
    const before = ['dist', 'dist-staging', 'cdktf.out'].map((d) => treeHash(path.join(root, d)));
    const synth = HALVES.k8s();
    jest.spyOn(HALVES, 'k8s').mockReturnValue((configs, dir) => {
      if (configs[0].environment === 'staging') throw new Error('staging broke');
      return synth(configs, dir);
    });
    const changed = [configWith((c) => { c.cluster.name = 'other'; }), staging];
    expect(() => synthesizeInto(changed, targets, { root })).toThrow('staging broke');
    expect(['dist', 'dist-staging', 'cdktf.out'].map((d) => treeHash(path.join(root, d)))).toEqual(before);
  });

  test('one Kubernetes folder never holds two environments', () => {
    const staging = configWith((c) => { c.environment = 'staging'; c.cluster.name = 'wti-ai-staging'; });
    expect(() => synthesizeInto([config, staging], { k8s: '/nonexistent/dist' })).toThrow('one Kubernetes folder cannot hold several environments');
  });
});

describe('one half at a time (synth --only)', () => {
  test.each(['k8s', 'gcp'] as const)('only the %s half: its folder is replaced, the other is not touched', (half) => {
    const { root, targets, before } = published();
    const result = synthesizeInto(other, { [half]: targets[half] }, { root });
    expect(result.outputs.map((o) => [o.half, o.target])).toEqual([[half, targets[half]]]);
    expect(Object.keys(result.files)).toEqual([half]);
    const index = { k8s: 0, gcp: 1 } as const;
    const untouched = half === 'k8s' ? 'gcp' : 'k8s';
    expect(treeHash(targets[untouched])).toBe(before[index[untouched]]);
    expect(treeHash(targets[half])).not.toBe(before[index[half]]);
  });
});
