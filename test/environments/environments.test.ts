import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../src/config/load';
import { REPO_ROOT } from '../../src/config/repo-root';
import { names } from '../../src/config/names';
import type { Config } from '../../src/config/schema';
import { distDir, loadEnvironments } from '../../src/environments/environments';
import { stackIds } from '../../src/gcp/app';

const BASE = 'project: {id: wti-ai-platform}\ncluster: {name: wti-ai-autopilot}\nendpoints: [{hostname: conductor.wti.net}]\n';
const STAGING = 'project: {id: wti-ai-platform}\ncluster: {name: wti-ai-staging}\ndns: {domain: staging.wti.net, zoneName: staging-wti-net}\nendpoints: [{hostname: conductor.staging.wti.net}]\n';

let dir: string;
const write = (files: Record<string, string>) => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'environments'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
};
const load = (options: { only?: string; env?: Record<string, string> } = {}) =>
  loadEnvironments({ defaultFile: path.join(dir, 'default.yaml'), environmentsDir: path.join(dir, 'environments'), env: options.env ?? {}, only: options.only });
const problems = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

/** Every name that must be unique within a GCP project, and where state and output go. */
function projectScoped(config: Config): string[] {
  const n = names(config);
  return [
    config.cluster.name, n.network, n.subnet, n.router, n.nat, n.addressName, n.nodeServiceAccountId,
    n.dns01ServiceAccountId, n.dns01CustomRoleId, config.dns.zoneName, n.localStateDir, n.stateBucketPrefix,
    ...stackIds(config), distDir(config.environment),
  ];
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'envs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('environments side by side', () => {
  test('config/default.yaml is environment default; each config/environments/<name>.yaml is <name>', () => {
    write({ 'default.yaml': BASE, 'environments/staging.yaml': STAGING });
    const [production, staging] = load();
    expect([production.environment, staging.environment]).toEqual(['default', 'staging']);
    expect(distDir('default')).toBe(path.join(REPO_ROOT, 'dist'));
    expect(distDir('staging')).toBe(path.join(REPO_ROOT, 'dist-staging'));
    expect(stackIds(production)).toEqual(['platform', 'addons', 'dns-records']);
    expect(stackIds(staging)).toEqual(['staging-platform', 'staging-addons', 'staging-dns-records']);
  });

  test('two environments in one project get disjoint project-wide names, state and outputs', () => {
    write({ 'default.yaml': BASE, 'environments/staging.yaml': STAGING });
    const [a, b] = load().map(projectScoped);
    expect(a.filter((name) => b.includes(name))).toEqual([]);
    expect(names(load()[1])).toMatchObject({
      dns01ServiceAccountId: 'wti-ai-staging-dns01',
      nodeServiceAccountId: 'wti-ai-staging-nodes',
      dns01CustomRoleId: 'certManagerDns01Solver_wti_ai_staging',
      localStateDir: 'terraform-state/wti-ai-platform/wti-ai-staging',
      stateBucketPrefix: 'wti-ai-staging',
    });
  });

  test('two one-off configs that differ only in cluster.name get disjoint names and state', () => {
    write({ 'a.yaml': BASE, 'b.yaml': BASE.replace('wti-ai-autopilot', 'wti-ai-canary') });
    const one = (file: string) => load({ env: { INFRA_CONFIG: path.join(dir, file) } });
    const [a] = one('a.yaml');
    const [b] = one('b.yaml');
    const shared = projectScoped(a).filter((name) => projectScoped(b).includes(name));
    // Only what the environment name decides (the same: both are "default") and the zone, which both configs name explicitly.
    expect(shared.sort()).toEqual([...stackIds(a), distDir('default'), 'wti-net'].sort());
  });

  test('a project-wide name two environments would share is refused, naming both', () => {
    write({ 'default.yaml': BASE, 'environments/staging.yaml': STAGING.replace('wti-ai-staging', 'wti-ai-autopilot') });
    expect(problems(load)).toEqual([
      'environment staging: cluster.name: "wti-ai-autopilot" is already used by environment default in project wti-ai-platform; each environment needs its own',
      'environment staging: tls.dns01.serviceAccountId: "wti-ai-autopilot-dns01" is already used by environment default in project wti-ai-platform; each environment needs its own',
    ]);
    write({ 'default.yaml': BASE, 'environments/staging.yaml': STAGING.replace('staging-wti-net', 'wti-net') });
    expect(problems(load)).toEqual([
      'environment staging: dns.zoneName: "wti-net" is already used by environment default in project wti-ai-platform; each environment needs its own',
    ]);
  });

  test('a public hostname or a pinned IP belongs to one environment, in any project', () => {
    const other = BASE.replace('wti-ai-platform', 'wti-ai-other');
    write({ 'default.yaml': BASE, 'environments/other.yaml': other.replace('endpoints: [{hostname: conductor.wti.net}]', 'endpoints: [{hostname: mcp.wti.net}, {hostname: conductor.wti.net}]') });
    expect(problems(load)).toEqual([
      'environment other: endpoints[1].hostname: "conductor.wti.net" is already used by environment default in public DNS; each environment needs its own',
    ]);
    const pinned = (text: string) => text.replace('endpoints:', 'gateway: {address: {ip: 35.188.0.10}}\nendpoints:');
    write({ 'default.yaml': pinned(BASE), 'environments/other.yaml': pinned(other.replace(/conductor\.wti\.net/g, 'other.wti.net')) });
    expect(problems(load)).toEqual([
      'environment other: gateway.address.ip: "35.188.0.10" is already used by environment default in Google Cloud (one reserved address, one gateway); each environment needs its own',
    ]);
  });

  test('the same cluster, zone and account names in another project are fine', () => {
    write({ 'default.yaml': BASE, 'environments/staging.yaml': BASE.replace('wti-ai-platform', 'wti-ai-staging').replace('conductor.wti.net', 'staging.wti.net') });
    expect(load().map((c) => c.environment)).toEqual(['default', 'staging']);
  });

  test('one state bucket: created by one environment, shared by the others', () => {
    const withBucket = (text: string, create: boolean) => `${text}state: {bucket: wti-ai-tfstate, createBucket: ${create}}\n`;
    write({ 'default.yaml': withBucket(BASE, true), 'environments/staging.yaml': withBucket(STAGING, true) });
    expect(problems(load)[0]).toMatch(/^environment staging: state\.bucket: "wti-ai-tfstate" is already used by environment default in Cloud Storage \(set state\.createBucket: false/);
    write({ 'default.yaml': withBucket(BASE, true), 'environments/staging.yaml': withBucket(STAGING, false) });
    const [a, b] = load();
    expect(stackIds(a)[0]).toBe('state');
    expect(stackIds(b)[0]).toBe('staging-platform');
  });

  test('a file that names another environment than its file name is refused', () => {
    write({ 'default.yaml': BASE, 'environments/staging.yaml': `environment: prod\n${STAGING}` });
    expect(problems(load)).toEqual(['environment: "prod" does not match the file name; allowed: "staging" or left out']);
    write({ 'default.yaml': BASE, 'environments/Bad_Name.yaml': STAGING });
    expect(problems(load)[0]).toMatch(/^environment: "Bad_Name" is not allowed: an environment name/);
  });

  test('an environment file with another extension is refused, not skipped', () => {
    write({ 'default.yaml': BASE, 'environments/staging.yml': STAGING });
    expect(problems(load)).toEqual(['staging.yml: an environment file is named <environment>.yaml; rename it']);
  });

  test('--env selects one environment; an unknown one is refused with the known ones listed', () => {
    write({ 'default.yaml': BASE, 'environments/staging.yaml': STAGING });
    expect(load({ only: 'staging' }).map((c) => c.environment)).toEqual(['staging']);
    expect(problems(() => load({ only: 'prod' }))).toEqual(['--env: "prod" is not an environment; known: default, staging']);
  });

  test('GOOGLE_PROJECT_ID and friends override one environment: the selected one, or the only one', () => {
    write({ 'default.yaml': BASE, 'environments/staging.yaml': STAGING });
    const env = { GOOGLE_PROJECT_ID: 'other-project' };
    expect(problems(() => load({ env }))).toEqual(["GOOGLE_PROJECT_ID: overrides one environment's configuration; with several environments (default, staging), pass --env NAME"]);
    expect(load({ env, only: 'staging' })[0].project.id).toBe('other-project');
    write({ 'default.yaml': BASE });
    expect(load({ env })[0].project.id).toBe('other-project');
  });
});
