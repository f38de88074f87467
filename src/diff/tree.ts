import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_ENVIRONMENT, environmentOfDistFolder, stackOwner } from '../config/environment-names';

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
  readonly environment: string;
  readonly k8s: readonly K8sObject[];
  readonly gcp: readonly TerraformBlock[];
  readonly moves: readonly Move[];
  /** Each stack's state location (`local:<path from the repository root>`, `gcs:<bucket>/<prefix>`), by stack. */
  readonly states: Readonly<Record<string, string>>;
}

/** A synthesized tree: one entry per environment found in its output folders. */
export type SynthesizedTree = readonly EnvironmentOutput[];

const GCP_ROOT = 'cdktf.out';
const isManifest = (file: string) => /\.ya?ml$/.test(file);
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const subdirs = (dir: string) => (isDir(dir) ? readdirSync(dir).filter((e) => isDir(path.join(dir, e)) && !e.startsWith('.')).sort() : []);

/**
 * The Kubernetes output folders under a checkout, by environment: `dist/` is the default
 * environment, `dist-<name>/` environment <name> (src/config/environment-names.ts).
 */
function k8sFolders(root: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of (isDir(root) ? readdirSync(root) : []).sort()) {
    const dir = path.join(root, entry);
    const environment = environmentOfDistFolder(entry);
    if (environment !== undefined && isDir(dir) && readdirSync(dir).some(isManifest)) found.set(environment, dir);
  }
  return found;
}

/** The environment a stack belongs to (a stack id of no known kind: the default environment's). */
function environmentOfStack(stack: string): string {
  return stackOwner(stack)?.environment ?? DEFAULT_ENVIRONMENT;
}

/** Loads every environment of a synthesized checkout. Absolute paths of `root` are written as `.`, so two checkouts compare equal. */
export function loadTree(root: string): SynthesizedTree {
  const k8s = k8sFolders(root);
  const gcpDir = path.join(root, GCP_ROOT);
  const stacks = isDir(path.join(gcpDir, 'stacks')) ? loadStacks(gcpDir, root) : { blocks: [], moves: [], states: {} };
  const environments = new Set([...k8s.keys(), ...stacks.blocks.map((b) => environmentOfStack(b.stack))]);
  return [...environments].sort().map((environment) => ({
    environment,
    k8s: k8s.has(environment) ? loadManifests(k8s.get(environment)!, root) : [],
    gcp: stacks.blocks.filter((b) => environmentOfStack(b.stack) === environment),
    moves: stacks.moves.filter((m) => environmentOfStack(m.stack) === environment),
    states: Object.fromEntries(Object.entries(stacks.states).filter(([stack]) => environmentOfStack(stack) === environment)),
  }));
}

const readText = (file: string, root: string) => readFileSync(file, 'utf8').split(path.resolve(root)).join('.');

function loadManifests(dir: string, root = dir): K8sObject[] {
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

function loadStacks(gcpDir: string, root = gcpDir): { blocks: TerraformBlock[]; moves: Move[]; states: Record<string, string> } {
  const blocks: TerraformBlock[] = [];
  const moves: Move[] = [];
  const states: Record<string, string> = {};
  for (const stack of subdirs(path.join(gcpDir, 'stacks'))) {
    const file = path.join(gcpDir, 'stacks', stack, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readText(file, root)) as Record<string, unknown>;
    blocks.push(...stackBlocks(stack, json));
    const state = stateLocation(stack, json.terraform);
    if (state) states[stack] = state;
    for (const move of Array.isArray(json.moved) ? json.moved : []) {
      if (isRecord(move) && typeof move.from === 'string' && typeof move.to === 'string') moves.push({ stack, from: move.from, to: move.to });
    }
  }
  return { blocks, moves, states };
}

/**
 * Where a stack's state lives, which is what Terraform identifies its resources by (with their
 * addresses): a local path resolved from the stack's folder (cdktf.out/stacks/<stack>/), or a GCS
 * bucket and prefix. Undefined for a backend this does not know (then the stack name identifies it).
 */
function stateLocation(stack: string, terraform: unknown): string | undefined {
  const backend = isRecord(terraform) && isRecord(terraform.backend) ? terraform.backend : {};
  const local = isRecord(backend.local) ? backend.local : undefined;
  if (local) {
    const file = typeof local.path === 'string' ? local.path : 'terraform.tfstate';
    return `local:${path.posix.normalize(path.posix.join(GCP_ROOT, 'stacks', stack, file))}`;
  }
  const gcs = isRecord(backend.gcs) ? backend.gcs : undefined;
  if (gcs && typeof gcs.bucket === 'string') return `gcs:${gcs.bucket}/${typeof gcs.prefix === 'string' ? gcs.prefix : ''}`;
  return undefined;
}

/** Every block of one stack's cdk.tf.json. */
function stackBlocks(stack: string, json: Record<string, unknown>): TerraformBlock[] {
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
