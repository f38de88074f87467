import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readInputFile, whyUnreadable } from '../cli/input-file';
import { fsProblem, PublishError, shown } from './publish-error';

/**
 * In each output folder: the files synthesis wrote there, after a line per configuration they came
 * from (`# config <environment> <digest>`). No extension: `kubectl apply -f dist/` skips it.
 */
export const MANIFEST_FILE = '.synth-manifest';
/** A file is written beside its target under this suffix, flushed, then renamed over it. */
export const TEMP_SUFFIX = '.synth-tmp';
/** Scratch folders in the repository root, one per run: under the lock, any other is a dead run's. */
const SCRATCH_PREFIX = '.synth-scratch-';

/** Test seam: called before every change to an output folder; a test throws here to stop a run dead. */
export const faults = { before: (_op: 'write' | 'rename' | 'unlink', _file: string): void => {} };

/** One folder to publish: the files built in `source` go to `target`. */
export interface Output {
  readonly source: string;
  readonly target: string;
  /** Environment -> digest of the configuration the files came from. */
  readonly configs: ReadonlyMap<string, string>;
  /** Refuse manifests synthesis did not write (dist/: `kubectl apply -f` would apply them unreviewed). */
  readonly exclusive: boolean;
}

/** A fresh scratch folder in `root`, after removing those of runs that died. Call holding the lock. */
export function scratchFolder(root: string): string {
  for (const entry of readdirSync(root)) if (entry.startsWith(SCRATCH_PREFIX)) rmSync(path.join(root, entry), { recursive: true, force: true });
  const dir = path.join(root, `${SCRATCH_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

/** Every file under `dir`, relative, in code-unit order (the same in every locale). */
export function listFiles(dir: string, relative = ''): string[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, rel) : [rel];
  }).sort();
}

/**
 * Publishes each output file by file. Synthesis never moves or deletes a path it did not write
 * (terraform's and the user's files stay as they are), and a run stopped at any point is finished by
 * the next: every file it may have written is in the manifest before it is written.
 */
export function publish(outputs: readonly Output[]): void {
  const problems = outputs.flatMap(check);
  if (problems.length > 0) throw new PublishError(problems);
  for (const output of outputs) {
    try {
      publishFolder(output);
    } catch (error) {
      if (!(error as NodeJS.ErrnoException).code) throw error;
      throw new PublishError([`${fsProblem(error as NodeJS.ErrnoException)}; ${shown(output.target)} may be partly written: fix this and run again to finish it`], true);
    }
  }
}

function publishFolder({ source, target, configs }: Output): void {
  const old = readManifest(target).files;
  const files = listFiles(source);
  const manifest = path.join(target, MANIFEST_FILE);
  const text = manifestText(files, configs);
  const all = [...new Set([...old, ...files])].sort();
  const leftovers = [...all, MANIFEST_FILE].map((f) => path.join(target, f + TEMP_SUFFIX)).filter(existsSync);
  const changed = files.filter((f) => !sameFile(path.join(source, f), path.join(target, f)));
  const obsolete = old.filter((f) => !files.includes(f));
  if (changed.length + obsolete.length + leftovers.length === 0 && existsSync(manifest) && readFileSync(manifest, 'utf8') === text) return;
  for (const file of leftovers) unlink(file); // named by the manifest: an interrupted run's
  mkdirSync(target, { recursive: true });
  writeDurably(manifest, manifestText(all, new Map())); // no configuration until every file is in
  for (const file of changed) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    writeDurably(path.join(target, file), readFileSync(path.join(source, file)));
  }
  for (const file of obsolete) {
    if (existsSync(path.join(target, file)) && !lstatSync(path.join(target, file)).isDirectory()) unlink(path.join(target, file));
    // Folders it leaves empty (a removed stack's), unless terraform's or the user's files are in them.
    for (let dir = path.dirname(file); dir !== '.'; dir = path.dirname(dir)) {
      if (!existsSync(path.join(target, dir)) || readdirSync(path.join(target, dir)).length > 0) break;
      faults.before('unlink', path.join(target, dir));
      rmdirSync(path.join(target, dir));
    }
  }
  // The renames themselves survive a power cut.
  for (const dir of new Set([target, ...changed.map((f) => path.dirname(path.join(target, f)))])) flushed(dir, 'r', (fd) => fsyncSync(fd));
  writeDurably(manifest, text);
}

/** Problems that stop the publish before any folder changes. */
function check({ source, target, exclusive }: Output): string[] {
  const shownTarget = shown(target);
  if (!existsSync(target)) {
    let link: string;
    try {
      link = readlinkSync(target);
    } catch {
      return []; // absent: the publish creates it
    }
    return [`${shownTarget}: a symlink to ${link}, which does not exist; create that folder or remove the link`];
  }
  if (!statSync(target).isDirectory()) return [`${shownTarget}: a file, not a folder; synthesis writes a folder here: move the file away and run again`];
  const owned = new Set([...readManifest(target).files, MANIFEST_FILE]);
  // What `kubectl apply -f [-R]` reads: .json, .yaml, .yml (k8s.io/cli-runtime resource.FileExtensions).
  const foreign = exclusive ? listFiles(target).filter((f) => !owned.has(f) && /\.(json|ya?ml)$/i.test(f)) : [];
  const kind = (rel: string) => (existsSync(path.join(target, rel)) ? statSync(path.join(target, rel)).isDirectory() : undefined);
  const blocked = new Set(listFiles(source).flatMap((rel) => rel.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))
    .filter((p, i, all) => kind(p) === (i === all.length - 1))));
  return [
    ...foreign.map((f) => `${path.join(shownTarget, f)}: not written by synthesis, and \`kubectl apply -f ${shownTarget}\` would apply it; move it out of ${shownTarget} and run again`),
    ...[...blocked].map((f) => `${path.join(shownTarget, f)}: in the way of a file synthesis writes; move it away and run again`),
  ];
}

/**
 * Whether two output folders (dist-<env>/ and cdktf.out/) came from one configuration: undefined when
 * they did or when either was never synthesized here, else the problem in one line.
 */
export function configurationMismatch(a: string, b: string): string | undefined {
  if (![a, b].every((dir) => existsSync(path.join(dir, MANIFEST_FILE)))) return undefined;
  try {
    const [first, second] = [a, b].map((dir) => readManifest(dir).configs);
    for (const [dir, configs] of [[a, first], [b, second]] as const) {
      if (configs.size === 0) return `${shown(dir)}: records no configuration (an interrupted or older synthesis): run npm run synth`;
    }
    const shared = [...first.keys()].filter((env) => second.has(env));
    const differing = shared.filter((env) => first.get(env) !== second.get(env));
    if (shared.length > 0 && differing.length === 0) return undefined;
    return `${shown(a)} and ${shown(b)} were not synthesized from one configuration (${differing.length > 0 ? `environment ${differing.join(', ')} differs` : 'no environment in common'}): run npm run synth`;
  } catch (error) {
    if (error instanceof PublishError) return error.message;
    throw error;
  }
}

function readManifest(dir: string): { files: string[]; configs: Map<string, string> } {
  const file = path.join(dir, MANIFEST_FILE);
  const manifest = { files: [] as string[], configs: new Map<string, string>() };
  let text: string;
  try {
    text = readInputFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return manifest;
    throw new PublishError([`${shown(file)}: cannot be read (${whyUnreadable(error)}); it lists what synthesis wrote in ${shown(dir)}`]);
  }
  for (const line of text.split('\n').filter(Boolean)) {
    const config = /^# config (\S+) (\S+)$/.exec(line);
    if (config) manifest.configs.set(config[1], config[2]);
    else if (path.posix.normalize(line) === line && !/^(\.\.?(\/|$)|#|\/)/.test(line) && line !== MANIFEST_FILE) manifest.files.push(line);
    else throw new PublishError([`${shown(file)}: ${JSON.stringify(line)} is not a file synthesis writes in ${shown(dir)}; this manifest was not written by synthesis: restore it (git checkout) or remove the folder`]);
  }
  return manifest;
}

function manifestText(files: readonly string[], configs: ReadonlyMap<string, string>): string {
  return [...[...configs].map(([env, digest]) => `# config ${env} ${digest}`), ...files].map((line) => `${line}\n`).join('');
}

function writeDurably(file: string, data: string | Buffer): void {
  faults.before('write', file + TEMP_SUFFIX);
  flushed(file + TEMP_SUFFIX, 'w', (fd) => {
    writeFileSync(fd, data);
    fsyncSync(fd);
  });
  faults.before('rename', file);
  renameSync(file + TEMP_SUFFIX, file);
}

/** Runs `use` on the opened file; its failures name the file (calls on a descriptor name no path). */
function flushed(file: string, flags: string, use: (fd: number) => void): void {
  const fd = openSync(file, flags);
  try {
    use(fd);
  } catch (error) {
    throw Object.assign(error as Error, { path: file });
  } finally {
    closeSync(fd);
  }
}

function unlink(file: string): void {
  faults.before('unlink', file);
  rmSync(file);
}

function sameFile(source: string, target: string): boolean {
  return existsSync(target) && lstatSync(target).isFile() && readFileSync(source).equals(readFileSync(target));
}
