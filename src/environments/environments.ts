import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, ENV_OVERRIDES, loadConfig } from '../config/load';
import { REPO_ROOT } from '../config/repo-root';
import { distFolder, environmentOfDistFolder, STACK_KINDS, stackOwner } from '../config/environment-names';
import { names } from '../config/names';
import type { Config } from '../config/schema';

// Environments side by side from one checkout: config/default.yaml is environment `default` (dist/,
// stacks platform, addons, ...); config/environments/<name>.yaml is environment <name> (dist-<name>/,
// stacks <name>-platform, ...). INFRA_CONFIG names one file instead of all of them.

const ENVIRONMENTS_DIR = path.join(REPO_ROOT, 'config', 'environments');


/** The Kubernetes output folder of an environment. */
export function distDir(environment: string): string {
  return path.join(REPO_ROOT, distFolder(environment));
}

/** Output folders at the repository root of environments no longer configured (warn, never delete). */
export function orphanedDistFolders(configs: readonly Config[], root = REPO_ROOT): string[] {
  const known = new Set(configs.map((c) => c.environment));
  return readdirSync(root)
    .filter((entry) => {
      const environment = environmentOfDistFolder(entry);
      return environment !== undefined && !known.has(environment);
    })
    .sort();
}

export interface LoadEnvironmentsOptions {
  /** Only this environment (`--env NAME`). */
  readonly only?: string;
  /** The default environment's file and the folder of the others (the repository's by default). */
  readonly defaultFile?: string;
  readonly environmentsDir?: string;
  /** Environment for INFRA_CONFIG and the overrides; defaults to process.env. */
  readonly env?: Record<string, string | undefined>;
}

/**
 * Every environment's validated configuration, default first. Throws ConfigError for an invalid
 * file, an unknown `only`, or two environments whose project-wide names would collide.
 */
export function loadEnvironments(options: LoadEnvironmentsOptions = {}): Config[] {
  const env = options.env ?? process.env;
  const defaultFile = options.defaultFile ?? DEFAULT_CONFIG_FILE;
  const files = env.INFRA_CONFIG ? [undefined] : [defaultFile, ...environmentFiles(options.environmentsDir ?? ENVIRONMENTS_DIR)];
  const load = (file: string | undefined, overrides: boolean) => loadConfig({
    file,
    // INFRA_CONFIG stays readable; the per-field overrides apply to one environment only (below).
    env: overrides ? env : { INFRA_CONFIG: env.INFRA_CONFIG },
    environment: file && file !== defaultFile ? path.basename(file, '.yaml') : undefined,
  });
  const configs = files.map((file) => load(file, false));
  // GOOGLE_PROJECT_ID and friends override one configuration: the selected or only environment.
  const overrides = Object.keys(ENV_OVERRIDES).filter((variable) => env[variable]);
  if (overrides.length > 0) {
    const target = options.only ?? (configs.length === 1 ? configs[0].environment : undefined);
    if (target === undefined) {
      throw new ConfigError('command line', [`${overrides.join(', ')}: overrides one environment's configuration; with several environments (${configs.map((c) => c.environment).join(', ')}), pass --env NAME`]);
    }
    const index = configs.findIndex((c) => c.environment === target);
    if (index >= 0) configs[index] = load(files[index], true);
  }
  checkDisjoint(configs);
  if (options.only === undefined) return configs;
  const selected = configs.filter((c) => c.environment === options.only);
  if (selected.length === 0) {
    throw new ConfigError('command line', [`--env: ${JSON.stringify(options.only)} is not an environment; known: ${configs.map((c) => c.environment).join(', ')}`]);
  }
  return selected;
}

function environmentFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir).sort();
  // A .yml file would be skipped without a word: the environment would silently not exist.
  const misnamed = entries.filter((f) => /\.(yml|json)$/i.test(f) || (/\.yaml$/i.test(f) && !f.endsWith('.yaml')));
  if (misnamed.length > 0) {
    throw new ConfigError(path.relative(process.cwd(), dir) || dir, misnamed.map((f) => `${f}: an environment file is named <environment>.yaml; rename it`));
  }
  return entries.filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f));
}

/**
 * Names that must be unique across environments: per project (cluster, network, zone, service
 * accounts, custom role, addresses all derive from these) or globally (a pinned IP, a public
 * hostname, a bucket the state stack creates).
 */
function claims(config: Config): { field: string; scope: string; value: string }[] {
  const n = names(config);
  const inProject = `project ${config.project.id}`;
  return [
    { field: 'environment', scope: 'this checkout', value: config.environment },
    { field: 'cluster.name', scope: inProject, value: config.cluster.name },
    { field: 'tls.dns01.serviceAccountId', scope: inProject, value: n.dns01ServiceAccountId },
    ...(config.dns.createZone ? [{ field: 'dns.zoneName', scope: inProject, value: config.dns.zoneName }] : []),
    ...(config.gateway.address.ip ? [{ field: 'gateway.address.ip', scope: 'Google Cloud (one reserved address, one gateway)', value: config.gateway.address.ip }] : []),
    // One public name, one A record: two environments serving it would overwrite each other's record.
    ...config.endpoints.map((e, i) => ({ field: `endpoints[${i}].hostname`, scope: 'public DNS', value: e.hostname })),
    ...(config.state.bucket && config.state.createBucket
      ? [{ field: 'state.bucket', scope: 'Cloud Storage (set state.createBucket: false in all environments but one to share it)', value: config.state.bucket }]
      : []),
  ];
}

function checkDisjoint(configs: readonly Config[]): void {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const config of configs) {
    for (const claim of claims(config)) {
      // The field without list indexes: a hostname is one claim whichever endpoint entry names it.
      const key = `${claim.scope}\0${claim.field.replace(/\[\d+\]/g, '[]')}\0${claim.value}`;
      const owner = seen.get(key);
      if (owner === undefined) seen.set(key, config.environment);
      else problems.push(`environment ${config.environment}: ${claim.field}: ${JSON.stringify(claim.value)} is already used by environment ${owner} in ${claim.scope}; each environment needs its own`);
    }
  }
  if (problems.length > 0) throw new ConfigError('config/environments', problems);
}

/** The runbook section that removes an environment in order. */
const REMOVAL_PROCEDURE = 'docs/plans/infra/hello-envoy-certmanager-dns01.md#removing-an-environment';

/** How many resources a local state file holds (an unreadable file counts as holding some). */
function resourcesIn(file: string): number {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { resources?: { mode?: string; instances?: unknown[] }[] };
    return (state.resources ?? []).filter((r) => r.mode === 'managed').reduce((n, r) => n + (r.instances?.length ?? 1), 0);
  } catch {
    return 1;
  }
}

/** The stack ids the last synthesis wrote, by the local state folder they use (terraform-state/<project>/<cluster>). */
function stacksByStateDir(root: string): Map<string, string[]> {
  const stacks = path.join(root, 'cdktf.out', 'stacks');
  const found = new Map<string, string[]>();
  for (const stack of existsSync(stacks) ? readdirSync(stacks).sort() : []) {
    try {
      const json = JSON.parse(readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: { local?: { path?: string } } } };
      const state = json.terraform?.backend?.local?.path;
      if (state) {
        const dir = path.posix.dirname(path.posix.normalize(path.posix.join('cdktf.out/stacks', stack, state)));
        found.set(dir, [...(found.get(dir) ?? []), stack]);
      }
    } catch {
      // not a stack folder synthesis wrote
    }
  }
  return found;
}

/**
 * Refuses to synthesize while Terraform's local state holds resources of an environment no config
 * file names any more (its file deleted before its stacks were destroyed): synthesis would drop its
 * stacks from cdktf.out/, and nothing could destroy them. State in GCS is not visible here.
 */
export function checkNoStrandedState(configs: readonly Config[], root = REPO_ROOT): void {
  const stateRoot = path.join(root, 'terraform-state');
  if (!existsSync(stateRoot)) return;
  const known = new Set(configs.map((c) => names(c).localStateDir));
  const stacks = stacksByStateDir(root);
  const problems: string[] = [];
  for (const project of readdirSync(stateRoot).sort()) {
    const projectDir = path.join(stateRoot, project);
    if (!statSync(projectDir).isDirectory()) continue;
    for (const cluster of readdirSync(projectDir).sort()) {
      const dir = `terraform-state/${project}/${cluster}`;
      if (known.has(dir) || !statSync(path.join(root, dir)).isDirectory()) continue;
      const files = readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.tfstate')).sort();
      const held = files.map((f) => [f, resourcesIn(path.join(root, dir, f))] as const).filter(([, n]) => n > 0);
      if (held.length === 0) continue;
      // Destroyed in reverse deploy order: dns-records, addons, platform, state.
      const kindOf = (id: string) => STACK_KINDS.findIndex((k) => k === stackOwner(id)?.kind);
      const ids = [...(stacks.get(dir) ?? [])].sort((a, b) => kindOf(b) - kindOf(a));
      const environment = ids.length > 0 ? stackOwner(ids[0])?.environment : undefined;
      const destroy = ids.length > 0 ? `npx cdktf destroy ${ids.join(' ')}` : 'destroy its stacks (dns-records, addons, platform)';
      problems.push(`${dir}: ${held.map(([f, n]) => `${f} holds ${n} resource${n === 1 ? '' : 's'}`).join(', ')} of ${environment ? `environment ${environment}` : `cluster ${cluster}`}, which no config file names any more, so they would keep running with nothing to destroy them: restore its config file, ${destroy}, then delete the file and ${environment ? distFolder(environment) : 'its dist folder'}/ (${REMOVAL_PROCEDURE}); for a renamed cluster, move ${dir}/ to the new cluster's folder instead`);
    }
  }
  if (problems.length > 0) throw new ConfigError('terraform-state', problems);
}
