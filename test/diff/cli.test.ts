import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/config/repo-root';
import { DiffInputError } from '../../src/diff/errors';
import { treeHash } from '../support/sandbox';
import { TestRepo } from './git-repo';

// `npm run diff` in a real git repository: the revisions' own code and config are synthesized in
// throwaway checkouts. Each synthesis costs about a second, so the cases share revisions and the
// tree cache (a commit is synthesized once), and run in this process (repo.runDiff) unless the
// process is what is tested: exit codes, one-line stderr, stdout. The comparison itself is covered
// in compare.test.ts.
const repo = new TestRepo();
const initial = repo.git('rev-parse', 'HEAD');
const defaultConfig = repo.read('config/default.yaml');
const endpoints = /endpoints:\n(.*\n)*/;
const mcpConfig = defaultConfig.replace(endpoints, repo.read('config/examples/two-endpoints.yaml').match(endpoints)![0]);
// A stand-in for the user's own Terraform output (gitignored), which the diff must leave alone.
repo.write('cdktf.out/stacks/platform/cdk.tf.json', '{"user": "output"}\n');

// Which checkouts run the repository's own bundled entry points: the bundle, when loaded, names the
// entry it runs. A bundle a checkout rebuilt has no such line. Its stamp records the marked bundle's
// digest, as src/bin/run.cjs records a bundle it builds (a bundle its stamp does not describe is rebuilt).
const bundleLog = path.join(mkdtempSync(path.join(tmpdir(), 'diff-bundle-log-')), 'runs');
const bundle = path.join(repo.dir, '.build/bin/entries.js');
appendFileSync(bundle, `\n;require('node:fs').appendFileSync(${JSON.stringify(bundleLog)}, process.argv[1] + '\\n');\n`);
writeFileSync(`${bundle}.inputs.json`, JSON.stringify({
  ...JSON.parse(readFileSync(`${bundle}.inputs.json`, 'utf8')) as object,
  bundle: createHash('sha256').update(readFileSync(bundle)).digest('hex'),
}));
/** The sides (base, head) whose synthesis ran the repository's bundle since the last call. */
const bundleRuns = () => {
  const lines = existsSync(bundleLog) ? readFileSync(bundleLog, 'utf8').split('\n') : [];
  rmSync(bundleLog, { force: true });
  return lines.flatMap((l) => /edge-diff-[^/]+\/(base|head)\/src\/bin\/synth\.ts$/.exec(l)?.[1] ?? []).sort();
};

/**
 * Everything the diff must never change: outputs, files, git state, worktrees; and no checkout left
 * behind. Not .build/: `npm run diff` itself runs from the bundle there and keeps it current (the
 * checkouts only copy it: revision.test.ts).
 */
const state = () => ({
  dist: treeHash(path.join(repo.dir, 'dist')),
  cdktfOut: treeHash(path.join(repo.dir, 'cdktf.out')),
  status: repo.git('status', '--porcelain', '--untracked-files=all'),
  head: repo.git('rev-parse', 'HEAD'),
  worktrees: repo.git('worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')),
  checkouts: readdirSync(tmpdir()).filter((e) => e.startsWith('edge-diff-')),
});

type Json = { changes: { half: string; action: string; kind: string; name: string; fields: string[]; risks: string[] }[] };
const json = (stdout: string) => JSON.parse(stdout) as Json;

afterAll(() => {
  repo.remove();
  rmSync(path.dirname(bundleLog), { recursive: true, force: true });
});

describe('adding mcp.wti.net with an allowlist, head = the working tree (default base)', () => {
  const outside = mkdtempSync(path.join(tmpdir(), 'diff-outside-'));
  const outsideState = () => [treeHash(path.join(outside, 'dist')), treeHash(path.join(outside, 'cdktf.out'))];
  let before: ReturnType<typeof state>;
  let after: ReturnType<typeof state>;
  let outsideBefore: string[];
  let runs: string[];
  let result: ReturnType<typeof repo.diff>;
  beforeAll(() => {
    repo.write('config/default.yaml', mcpConfig);
    // The user's outputs live elsewhere (a shared folder), linked in: git lists the links as files.
    mkdirSync(path.join(outside, 'dist'));
    writeFileSync(path.join(outside, 'dist', 'user.k8s.yaml'), 'kind: ConfigMap\n');
    renameSync(path.join(repo.dir, 'cdktf.out'), path.join(outside, 'cdktf.out'));
    symlinkSync(path.join(outside, 'dist'), path.join(repo.dir, 'dist'), 'dir');
    symlinkSync(path.join(outside, 'cdktf.out'), path.join(repo.dir, 'cdktf.out'), 'dir');
    before = state();
    outsideBefore = outsideState();
    bundleRuns();
    result = repo.diff();
    runs = bundleRuns();
    after = state();
  });
  afterAll(() => {
    rmSync(path.join(repo.dir, 'dist'), { force: true });
    rmSync(path.join(repo.dir, 'cdktf.out'), { force: true });
    if (existsSync(path.join(outside, 'cdktf.out'))) renameSync(path.join(outside, 'cdktf.out'), path.join(repo.dir, 'cdktf.out'));
    rmSync(outside, { recursive: true, force: true });
    repo.write('config/default.yaml', defaultConfig);
  });

  test('reports in Markdown: summary, the risky changes first, then details', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = result.stdout;
    expect(report).toContain(`Base the merge-base with main (\`${initial.slice(0, 7)}\`) → head the working tree.`);
    expect(report).toContain('**6 changes**; risks: `public-dns` 1, `exposure` 2.');
    expect(report).toMatch(/\| \*\*public-dns\*\* \| add \| gcp \| google_dns_record_set \| `dns-records\/google_dns_record_set\.records_a-mcp_\w+` \|/);
    expect(report).toContain('- `spec.listeners[https-mcp]` added:');
    expect(report).toContain('allowlist: only 203.0.113.0/24, 198.51.100.7/32 may reach HTTPRoute mcp, HTTPRoute mcp-https-redirect (default Deny)');
    const rows = report.split('\n').filter((l) => /^\| (\*\*|–)/.test(l));
    expect(rows.map((r) => r.startsWith('| **'))).toEqual([true, true, true, false, false, false]);
    // The record names the address it points to, not the Terraform reference.
    expect(report).toContain('- **public-dns**: creates public A record mcp.wti.net. -> the address of google_compute_address wti-ai-autopilot-gw-ip');
    expect(report.replace(/`[0-9a-f]{7,}`/g, '`<commit>`')).toMatchSnapshot();
  });

  test('leaves the working tree, its outputs and git as they were, and removes its checkouts', () => {
    expect(after).toEqual(before);
    expect(after.worktrees).toHaveLength(1);
  });

  test('output folders that are links: the head copy synthesizes into real folders of its own, never through them', () => {
    expect(outsideState()).toEqual(outsideBefore);
    expect(readdirSync(path.join(outside, 'dist'))).toEqual(['user.k8s.yaml']);
  });

  test('both revisions have the working tree\'s code and dependencies: their syntheses run the project\'s bundle, none rebuilds it', () => {
    expect(runs).toEqual(['base', 'head']);
  });
});

test('a revision compared with itself reports no changes', async () => {
  // A clean working tree on the base: one side, here from the tree cache (the previous diff's base).
  expect(repo.git('status', '--porcelain')).toBe('');
  expect(await repo.runDiff({ base: 'HEAD', json: true })).toBe('{\n  "changes": []\n}\n');
});

describe('committed revisions, --json', () => {
  let original: ReturnType<typeof state>;
  let committed: ReturnType<typeof state>;
  const commits: Record<'production' | 'renamedConstruct', string> = { production: '', renamedConstruct: '' };
  let cached = '';
  beforeAll(() => {
    original = state();
    // One revision renames the cluster and switches to the production issuer.
    const lock = repo.read('package-lock.json');
    repo.write('config/default.yaml', `${defaultConfig.replace('name: wti-ai-autopilot', 'name: wti-ai-prod')}tls:\n  acme: production\n  email: platform@wti.net\n`);
    commits.production = repo.commit('rename the cluster, switch to the production issuer');
    // The next renames a construct and pins other dependencies (a different lock file): they come
    // from the cache, prepared here as a link to the installed node_modules so the test needs no network.
    const stack = 'src/gcp/stacks/platform-stack.ts';
    const code = repo.read(stack);
    repo.write(stack, code.replace("new StaticIp(this, 'gateway-ip'", "new StaticIp(this, 'gateway-address'"));
    repo.write('package-lock.json', `${lock}\n`);
    commits.renamedConstruct = repo.commit('rename the static IP construct, other dependencies');
    // The working tree back on the installed dependencies, which the other revisions share.
    repo.write(stack, code);
    repo.write('package-lock.json', lock);
    repo.commit('back to the installed dependencies');
    cached = path.join(repo.dependencyCache, `${createHash('sha256').update(`${lock}\n`).digest('hex').slice(0, 16)}-node${process.versions.node.split('.')[0]}`);
    mkdirSync(cached, { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(cached, 'node_modules'), 'dir');
    writeFileSync(path.join(cached, '.complete'), `${lock}\n`);
    committed = state();
  });

  test('a cluster rename replaces the cluster, flagged, with the field that forces it; an issuer switch is a tls change', () => {
    const result = repo.diff('--base', initial, '--head', commits.production, '--json');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const { changes } = json(result.stdout);
    for (const change of changes) {
      expect(Object.keys(change)).toEqual(['half', 'action', 'kind', 'name', 'fields', 'risks']);
      expect(['k8s', 'gcp']).toContain(change.half);
      expect(['add', 'remove', 'change', 'replace']).toContain(change.action);
    }
    const cluster = changes.find((c) => c.kind === 'google_container_cluster')!;
    expect(cluster).toMatchObject({ half: 'gcp', action: 'replace', risks: ['replace'] });
    expect(cluster.name).toMatch(/^platform\/google_container_cluster\.gke_cluster_/);
    expect(cluster.fields).toContain('name');
    expect(changes[0].risks[0]).toBe('replace');
    const certificate = changes.find((c) => c.kind === 'Certificate');
    expect(certificate).toEqual({ half: 'k8s', action: 'change', kind: 'Certificate', name: 'wti-ai/conductor-wti-net', fields: ['spec.issuerRef.name'], risks: ['tls'] });
  });

  test('a renamed construct (new logical id) is one replacement; the A record on the address moves with it; another lock file, its own dependencies', async () => {
    bundleRuns();
    const log: string[] = [];
    const report = await repo.runDiff({ base: commits.production, head: commits.renamedConstruct, json: true }, (line) => log.push(line));
    expect(log).toEqual([`\`${commits.renamedConstruct}\` (\`${commits.renamedConstruct.slice(0, 7)}\`): package-lock.json differs from the working tree's; using its dependencies cached in ${cached}`]);
    expect(json(report).changes).toEqual([{
      half: 'gcp', action: 'replace', kind: 'google_compute_address',
      name: expect.stringMatching(/^platform\/google_compute_address\.gateway-address_[0-9A-F]{8}$/),
      fields: ['(logical id)'], risks: ['replace'],
    }, {
      half: 'gcp', action: 'change', kind: 'google_dns_record_set',
      name: expect.stringMatching(/^dns-records\/google_dns_record_set\.records_a-conductor_/),
      fields: ['rrdatas'], risks: ['public-dns'],
    }]);
    // The head's code is not the project's: its checkout built its own bundle (the base is cached).
    expect(bundleRuns()).toEqual([]);
  });

  test('none of it touched the working tree or left a checkout behind', () => {
    expect(state()).toEqual(committed);
    expect(committed.dist).toBe(original.dist);
    expect(committed.cdktfOut).toBe(original.cdktfOut);
  });
});

describe('lifecycle changes, Markdown', () => {
  const reports: Record<'shrink' | 'removal' | 'rename', string> = { shrink: '', removal: '', rename: '' };
  beforeAll(async () => {
    // From the initial commit, whose synthesis is cached: the default subnet is 10.10.0.0/20.
    repo.git('checkout', '--quiet', '-b', 'lifecycle', initial);
    const config = repo.read('config/default.yaml');
    repo.write('config/default.yaml', config.replace(/cluster:\n {2}name: (\S+)\n/, 'cluster:\n  name: $1\n  network:\n    subnetCidr: 10.10.0.0/22\n'));
    const narrow = repo.commit('subnet /22');
    reports.shrink = await repo.runDiff({ base: initial, head: narrow });
    repo.write('config/default.yaml', config);
    repo.write('config/environments/staging.yaml', repo.read('config/examples/staging.yaml'));
    const staging = repo.commit('add staging');
    repo.git('mv', 'config/environments/staging.yaml', 'config/environments/stage.yaml');
    const renamed = repo.commit('rename staging to stage (same cluster)');
    reports.rename = await repo.runDiff({ base: staging, head: renamed, json: true });
    // Back to the initial commit: the same default config, without the stage environment.
    reports.removal = await repo.runDiff({ base: renamed, head: initial });
    repo.git('checkout', '--quiet', 'main');
  });

  test('a subnet shrink replaces the subnet (IsShrinkageIpCidr) and the cluster on it, with what depends on them', () => {
    const report = reports.shrink;
    expect(report).toMatch(/\| \*\*replace\*\* \| replace \| gcp \| google_compute_subnetwork \|/);
    expect(report).toMatch(/\| \*\*replace\*\* \| replace \| gcp \| google_container_cluster \|/);
    expect(report).toContain('- `ip_cidr_range` "10.10.0.0/20" -> "10.10.0.0/22" replaces google_compute_subnetwork.');
    expect(report).toMatch(/- depends on it: platform\/google_container_cluster\.gke_cluster_\w+\n/);
    expect(report).toMatch(/#### replace helm_release `addons\/helm_release\.addons_envoy-gateway_\w+`/);
    expect(report).not.toMatch(/\| change \| gcp \| google_compute_subnetwork/);
  });

  test('an environment file renamed with the same cluster: no Terraform change but the environment label', () => {
    const { changes } = json(reports.rename);
    expect(changes.filter((c) => c.half !== 'k8s').map((c) => [c.action, c.kind, c.risks])).toEqual([['change', 'google_container_cluster', []]]);
    expect(changes.every((c) => c.name.startsWith('stage:'))).toBe(true);
  });

  test('a removed environment is one finding, no destroy', () => {
    const report = reports.removal;
    expect(report).toContain('**1 change**; no risks flagged.');
    expect(report).toContain('| Environments (`config/`) | 0 | 1 | 0 | 0 |');
    expect(report).toContain('#### remove environment `stage`');
    expect(report).toMatch(/- no longer configured: its \d+ Terraform resources \(stacks stage-addons, stage-dns-records, stage-platform\) and \d+ Kubernetes objects keep running until destroyed/);
    expect(report).not.toContain('destroy**');
  });
});

describe('bad input: one line, exit 2, nothing touched', () => {
  /** The CLI: exit 2, one line on stderr, nothing on stdout. */
  const expectRefused = (args: string[], message: RegExp) => {
    const before = state();
    const result = repo.diff(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(state()).toEqual(before);
  };
  /** In this process: a DiffInputError of one line, which the CLI prints as `npm run diff: <message>`, exit 2 (above). */
  const expectRejected = async (options: Parameters<typeof repo.runDiff>[0], message: RegExp) => {
    const before = state();
    const error = await repo.runDiff(options).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DiffInputError);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).toMatch(message);
    expect(state()).toEqual(before);
  };

  test('an unknown ref or option', async () => {
    await expectRejected({ base: 'no-such-branch' }, /^--base "no-such-branch": not a git revision here/);
    expectRefused(['--head'], /^npm run diff: --head needs a git revision/);
    expectRefused(['--yaml'], /^npm run diff: "--yaml" is not an option; usage: npm run diff -- \[--base REF\] \[--head REF\] \[--json\]$/);
  });

  /** A branch whose one commit rewrites `file`; back on main afterwards. */
  const branch = (name: string, file: string, text: string) => {
    repo.git('checkout', '--quiet', '-b', name, 'main');
    repo.write(file, text);
    repo.commit(name);
    repo.git('checkout', '--quiet', 'main');
  };

  test('a revision whose config does not validate: the revision and the field are named', async () => {
    branch('bad-config', 'config/default.yaml', repo.read('config/default.yaml').replace('id: wti-ai-platform', 'id: Bad_Project'));
    await expectRejected({ base: 'bad-config', head: 'bad-config' },
      /^`bad-config` \(`[0-9a-f]+`\) does not synthesize: config\/default\.yaml: project\.id: "Bad_Project" is not allowed/);
  });

  test('a revision whose package.json is not JSON, or whose lock file does not pin what it asks for', async () => {
    branch('bad-json', 'package.json', repo.read('package.json').replace('"private": true,', '"private": true'));
    await expectRejected({ base: 'bad-json', head: 'bad-json' }, /^`bad-json` \(`[0-9a-f]+`\): package\.json is not valid JSON \(.+\); fix it in that revision$/);
    branch('lock-behind', 'package.json', repo.read('package.json').replace('"yaml": "2.9.1"', '"yaml": "2.9.2"'));
    await expectRejected({ base: 'lock-behind', head: 'lock-behind' },
      /^`lock-behind` \(`[0-9a-f]+`\): package-lock\.json is out of sync with package\.json \(dependencies yaml: package\.json "2\.9\.2", lock "2\.9\.1"\); run npm install and commit both$/);
  });

  test('npm ci failing for a revision: one line naming it, npm\'s own explanation on stderr even under npm run -s', () => {
    // A lock file with other pins, so the revision needs its own install; npm is replaced by a script
    // that fails the way `npm ci` does offline, and reports the log level it was given.
    const lock = JSON.parse(repo.read('package-lock.json')) as { packages: Record<string, unknown> };
    branch('other-lock', 'package-lock.json', `${JSON.stringify({ ...lock, packages: { ...lock.packages, 'node_modules/extra': { version: '1.0.0' } } }, null, 2)}\n`);
    const bin = path.join(repo.dependencyCache, 'fake-npm');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho "npm error code ENOTFOUND (loglevel $npm_config_loglevel)" >&2\nexit 1\n', { mode: 0o755 });
    const before = state();
    const result = repo.diffWith({ PATH: `${bin}${path.delimiter}${process.env.PATH}`, npm_execpath: '', npm_config_loglevel: 'silent' }, '--base', 'other-lock', '--head', 'other-lock');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    // Progress first (the diff's log goes to stderr), then npm's own words, then the one line.
    expect(lines[0]).toMatch(/^`other-lock` \(`[0-9a-f]+`\): package-lock\.json differs from the working tree's; installing its dependencies \(npm ci\) into .+, once per lock file$/);
    expect(lines).toContain('npm error code ENOTFOUND (loglevel error)');
    expect(lines[lines.length - 1]).toMatch(/^npm run diff: `other-lock` \(`[0-9a-f]+`\): npm ci of its package-lock\.json failed \(exit 1\); npm's explanation is above$/);
    expect(state()).toEqual(before);
  });

  test('a working tree with unresolved conflicts cannot be the head', async () => {
    branch('conflict', 'config/default.yaml', repo.read('config/default.yaml').replace('zoneName: wti-net', 'zoneName: wti-net-a'));
    repo.write('config/default.yaml', repo.read('config/default.yaml').replace('zoneName: wti-net', 'zoneName: wti-net-b'));
    repo.commit('another zone');
    expect(() => repo.git('merge', '--quiet', 'conflict')).toThrow();
    await expectRejected({}, /^the working tree has unresolved merge conflicts \(config\/default\.yaml\): resolve them, or pass --head REF$/);
    repo.git('merge', '--abort');
  });
});
