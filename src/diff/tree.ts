import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object from a synthesized manifest. */
export interface K8sObject {
  /** API group (empty for the core group); the version is not part of an object's identity. */
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** A block of a synthesized Terraform stack: a resource, data source, provider, output, or the terraform block. */
export interface TerraformBlock {
  readonly stack: string;
  /** Resource type, `data.<type>`, `provider.<name>`, `output`, `terraform`... */
  readonly kind: string;
  /** Terraform address within the stack: `google_compute_network.network_vpc_4E8F0223`, `data.<type>.<id>`, `output.<name>`. */
  readonly address: string;
  readonly mode: 'managed' | 'data' | 'other';
  /** The resource type, for managed resources and data sources. */
  readonly type?: string;
  /** The construct path CDKTF records (`platform/network/vpc`), for the report. */
  readonly constructPath?: string;
  /** The block without CDKTF's metadata (`//`). */
  readonly body: Record<string, unknown>;
}

/** A `moved` block: Terraform carries the state over instead of destroying and recreating. */
export interface Move {
  readonly stack: string;
  readonly from: string;
  readonly to: string;
}

/** What one environment synthesized: its Kubernetes objects and its Terraform blocks. */
export interface EnvironmentOutput {
  /** '' for the single default environment. */
  readonly environment: string;
  readonly k8s: readonly K8sObject[];
  readonly gcp: readonly TerraformBlock[];
  readonly moves: readonly Move[];
}

/** A synthesized tree: one entry per environment found in its output folders. */
export type SynthesizedTree = readonly EnvironmentOutput[];

/** The output folders of a synthesized checkout, per environment. */
export interface OutputFolders {
  readonly environment: string;
  readonly k8sDir?: string;
  readonly gcpDir?: string;
}

const K8S_ROOT = 'dist';
const GCP_ROOT = 'cdktf.out';
const isManifest = (file: string) => /\.ya?ml$/.test(file);
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const subdirs = (dir: string) => (isDir(dir) ? readdirSync(dir).filter((e) => isDir(path.join(dir, e)) && !e.startsWith('.')).sort() : []);

/**
 * Finds the output folders under a checkout: `dist/` (manifests directly inside: the default
 * environment; in a subfolder: the environment of that name) and `cdktf.out/` (`stacks/` directly
 * inside, or under `cdktf.out/<environment>/`).
 */
export function discoverOutputs(root: string): OutputFolders[] {
  const found = new Map<string, { k8sDir?: string; gcpDir?: string }>();
  const entry = (env: string) => found.get(env) ?? found.set(env, {}).get(env)!;
  const k8sRoot = path.join(root, K8S_ROOT);
  if (isDir(k8sRoot) && readdirSync(k8sRoot).some(isManifest)) entry('').k8sDir = k8sRoot;
  for (const env of subdirs(k8sRoot)) {
    if (readdirSync(path.join(k8sRoot, env)).some(isManifest)) entry(env).k8sDir = path.join(k8sRoot, env);
  }
  const gcpRoot = path.join(root, GCP_ROOT);
  if (isDir(path.join(gcpRoot, 'stacks'))) entry('').gcpDir = gcpRoot;
  for (const env of subdirs(gcpRoot)) {
    if (env !== 'stacks' && isDir(path.join(gcpRoot, env, 'stacks'))) entry(env).gcpDir = path.join(gcpRoot, env);
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([environment, dirs]) => ({ environment, ...dirs }));
}

/** Loads every environment of a synthesized checkout. Absolute paths of `root` are written as `.`, so two checkouts compare equal. */
export function loadTree(root: string): SynthesizedTree {
  return discoverOutputs(root).map(({ environment, k8sDir, gcpDir }) => {
    const stacks = gcpDir ? loadStacks(gcpDir, root) : { blocks: [], moves: [] };
    return { environment, k8s: k8sDir ? loadManifests(k8sDir, root) : [], gcp: stacks.blocks, moves: stacks.moves };
  });
}

const readText = (file: string, root: string) => readFileSync(file, 'utf8').split(path.resolve(root)).join('.');

export function loadManifests(dir: string, root = dir): K8sObject[] {
  return readdirSync(dir).filter(isManifest).sort().flatMap((file) =>
    parseAllDocuments(readText(path.join(dir, file), root)).map((doc) => doc.toJS() as unknown).filter(isRecord).map(toK8sObject));
}

function toK8sObject(body: Record<string, unknown>): K8sObject {
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  return {
    group: apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '',
    kind: typeof body.kind === 'string' ? body.kind : '(no kind)',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
    name: typeof metadata.name === 'string' ? metadata.name : '(no name)',
    body,
  };
}

export function loadStacks(gcpDir: string, root = gcpDir): { blocks: TerraformBlock[]; moves: Move[] } {
  const blocks: TerraformBlock[] = [];
  const moves: Move[] = [];
  for (const stack of subdirs(path.join(gcpDir, 'stacks'))) {
    const file = path.join(gcpDir, 'stacks', stack, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readText(file, root)) as Record<string, unknown>;
    blocks.push(...stackBlocks(stack, json));
    for (const move of Array.isArray(json.moved) ? json.moved : []) {
      if (isRecord(move) && typeof move.from === 'string' && typeof move.to === 'string') moves.push({ stack, from: move.from, to: move.to });
    }
  }
  return { blocks, moves };
}

/** Every block of one stack's cdk.tf.json. */
export function stackBlocks(stack: string, json: Record<string, unknown>): TerraformBlock[] {
  const blocks: TerraformBlock[] = [];
  for (const [key, section] of Object.entries(json)) {
    if (key === '//' || key === 'moved' || !isRecord(section)) continue;
    if (key === 'terraform') {
      blocks.push({ stack, kind: 'terraform', address: 'terraform', mode: 'other', body: section });
      continue;
    }
    for (const [name, value] of Object.entries(section)) {
      if (key === 'resource' || key === 'data') {
        for (const [id, body] of Object.entries(isRecord(value) ? value : {})) {
          if (!isRecord(body)) continue;
          const { '//': meta, ...rest } = body;
          const data = key === 'data';
          blocks.push({
            stack,
            kind: data ? `data.${name}` : name,
            address: data ? `data.${name}.${id}` : `${name}.${id}`,
            mode: data ? 'data' : 'managed',
            type: name,
            constructPath: constructPath(meta),
            body: rest,
          });
        }
      } else if (key === 'provider') {
        for (const config of Array.isArray(value) ? value : [value]) {
          if (!isRecord(config)) continue;
          const alias = typeof config.alias === 'string' ? `.${config.alias}` : '';
          blocks.push({ stack, kind: `provider.${name}`, address: `provider.${name}${alias}`, mode: 'other', body: config });
        }
      } else {
        const { '//': _, ...rest } = isRecord(value) ? value : { value };
        blocks.push({ stack, kind: key, address: `${key}.${name}`, mode: 'other', body: rest });
      }
    }
  }
  return blocks;
}

function constructPath(meta: unknown): string | undefined {
  const metadata = isRecord(meta) && isRecord(meta.metadata) ? meta.metadata : undefined;
  return typeof metadata?.path === 'string' ? metadata.path : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
