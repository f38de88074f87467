// `npm run crds:update`: regenerates crds/ (committed) from the pinned upstream CRD files.
//
// crds/index.json pins, per upstream release, the raw file URLs at the release tag and the sha256 of
// each upstream file. The files in crds/ are derived from them: the schema and its
// x-kubernetes-validations (CEL) rules kept, prose `description` fields dropped, one file per CRD.
//
//   npm run crds:update                       fetch every pinned file, verify its digest, rewrite crds/
//   npm run crds:update -- --from DIR         the same from a local copy laid out <component>-<version>/<file>
//                                             (UPSTREAM_CRDS is used when set and --from is not)
//   npm run crds:update -- --set envoy-gateway=v1.10.0
//                                             move a release to another tag: its digests are recorded anew
//                                             (review the printed digests in the pull request)
//   npm run crds:update -- --check            rebuild in memory and exit 1 if crds/ differs
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const CRDS_DIR = path.join(ROOT, 'crds');
const INDEX_FILE = path.join(CRDS_DIR, 'index.json');

interface PinnedFile {
  readonly name: string;
  readonly sha256: string;
}

interface Release {
  readonly component: string;
  readonly version: string;
  /** The release page a reviewer can open. */
  readonly release: string;
  /** Raw-file URL of the folder holding the CRDs at the tag; `{version}` stands for the tag. */
  readonly source: string;
  readonly files: readonly PinnedFile[];
}

interface Index {
  readonly comment: string;
  readonly releases: readonly Release[];
}

class UsageError extends Error {}

const folderOf = (r: Pick<Release, 'component' | 'version'>) => `${r.component}-${r.version}`;
const urlOf = (r: Release, file: string) => `${r.source.replace('{version}', r.version)}${file}`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Removes prose: every `description` whose value is a string. A *property* named description is a schema object and stays. */
export function stripDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDescriptions);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && typeof value === 'string') continue;
    out[key] = stripDescriptions(value);
  }
  return out;
}

/** The derived file for one upstream CRD file: same documents, no prose, stable formatting. */
export function deriveCrd(upstream: string, origin: string): string {
  const docs = parseAllDocuments(upstream).filter((d) => d.contents !== null);
  const out = docs.map((doc) => {
    if (doc.errors.length > 0) throw new UsageError(`${origin}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    const crd = doc.toJS() as { kind?: string };
    if (crd?.kind !== 'CustomResourceDefinition') throw new UsageError(`${origin}: not a CustomResourceDefinition`);
    return stringify(stripDescriptions(crd), { lineWidth: 0, indent: 2, indentSeq: false });
  });
  return `# Derived by npm run crds:update from ${origin} (descriptions removed). Do not edit.\n${out.join('---\n')}`;
}

async function fetchUpstream(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new UsageError(
      `offline: cannot fetch ${new URL(url).host} (${cause}); crds/ is unchanged. ` +
        'Run again with internet access, or pass --from DIR (or UPSTREAM_CRDS) with the upstream files.',
    );
  }
  if (!response.ok) throw new UsageError(`${url}: HTTP ${response.status}; is the tag right?`);
  return Buffer.from(await response.arrayBuffer());
}

function parseArgs(argv: readonly string[]) {
  const opts = { from: process.env.UPSTREAM_CRDS || undefined, check: false, set: new Map<string, string>() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--check') opts.check = true;
    else if (arg === '--from') opts.from = value();
    else if (arg === '--set') {
      const m = /^([a-z-]+)=(v\d+\.\d+\.\d+)$/.exec(value());
      if (!m) throw new UsageError('--set takes <component>=v<major>.<minor>.<patch>, e.g. envoy-gateway=v1.10.0');
      opts.set.set(m[1], m[2]);
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)}; allowed: --from DIR, --set component=vX.Y.Z, --check`);
  }
  return opts;
}

async function main(argv: readonly string[]): Promise<void> {
  const opts = parseArgs(argv);
  const index = JSON.parse(readFileSync(INDEX_FILE, 'utf8')) as Index;
  for (const component of opts.set.keys()) {
    if (!index.releases.some((r) => r.component === component)) {
      throw new UsageError(`--set: unknown component ${component}; known: ${index.releases.map((r) => r.component).join(', ')}`);
    }
  }
  const derived = new Map<string, string>();
  const releases: Release[] = [];
  for (const pinned of index.releases) {
    const version = opts.set.get(pinned.component) ?? pinned.version;
    const moved = version !== pinned.version;
    const release: Release = { ...pinned, version, release: pinned.release.replace(pinned.version, version) };
    const files: PinnedFile[] = [];
    for (const file of pinned.files) {
      const url = urlOf(release, file.name);
      const local = opts.from && path.join(opts.from, folderOf(release), file.name);
      const bytes = local ? readLocal(local) : await fetchUpstream(url);
      const digest = sha256(bytes);
      if (!moved && digest !== file.sha256) {
        throw new UsageError(`${local ?? url}: sha256 ${digest} does not match the pinned ${file.sha256}; nothing was written`);
      }
      if (moved) process.stderr.write(`${folderOf(release)}/${file.name}: newly pinned sha256 ${digest}\n`);
      files.push({ name: file.name, sha256: digest });
      derived.set(`${folderOf(release)}/${file.name}`, deriveCrd(bytes.toString('utf8'), url));
    }
    releases.push({ ...release, files });
  }
  const indexText = `${JSON.stringify({ ...index, releases }, null, 2)}\n`;

  if (opts.check) {
    const stale = [...derived].filter(([rel, text]) => !existsSync(path.join(CRDS_DIR, rel)) || readFileSync(path.join(CRDS_DIR, rel), 'utf8') !== text);
    if (stale.length > 0) throw new Error(`crds/ is out of date: ${stale.map(([rel]) => rel).join(', ')}; run npm run crds:update`);
    process.stdout.write(`crds/: ${derived.size} files match their pinned upstream sources\n`);
    return;
  }
  // Built completely beside crds/, then swapped in: a failure leaves crds/ as it was.
  const staging = `${CRDS_DIR}.new`;
  rmSync(staging, { recursive: true, force: true });
  for (const [rel, text] of derived) {
    mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
    writeFileSync(path.join(staging, rel), text);
  }
  writeFileSync(path.join(staging, 'index.json'), indexText);
  const old = `${CRDS_DIR}.old`;
  rmSync(old, { recursive: true, force: true });
  renameSync(CRDS_DIR, old);
  renameSync(staging, CRDS_DIR);
  rmSync(old, { recursive: true, force: true });
  const bytes = [...derived.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
  process.stdout.write(`crds/: ${derived.size} files, ${Math.round(bytes / 1024)} KiB, from ${releases.map(folderOf).join(', ')}\n`);
}

function readLocal(file: string): Buffer {
  if (!existsSync(file)) throw new UsageError(`--from: ${file} is missing; the folder must hold <component>-<version>/<file> as crds/index.json lists`);
  return readFileSync(file);
}

/** The command with these arguments: its exit code; a failure is one line on stderr. */
export async function crdsUpdate(argv: readonly string[]): Promise<number> {
  try {
    await main(argv);
    return 0;
  } catch (error) {
    process.stderr.write(`crds:update: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  void crdsUpdate(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exit(code);
  });
}

