import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, linkSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { DiffInputError } from './errors';
import { addWorktree, removeWorktree, workingTreeFiles } from './git';
import { npmCommand } from './npm';

/** A revision to synthesize: a commit, or the working tree as it is (commit undefined). */
export interface Revision {
  /** How the report and errors name it: "base `origin/main` (`1a2b3c4`)". */
  readonly label: string;
  readonly commit?: string;
}

/** A throwaway checkout of a revision; dispose() removes it (and its worktree record) whatever happened. */
export interface Checkout {
  readonly root: string;
  dispose(): void;
}

/**
 * Materializes a revision in `dir`: a detached git worktree for a commit, a copy of the tracked and
 * untracked (not ignored) files for the working tree. Either way the user's files and outputs stay
 * as they are: synthesis writes dist/ and cdktf.out/ inside `dir`.
 */
export function checkout(repo: string, revision: Revision, dir: string): Checkout {
  const dispose = () => {
    // The dependency link first, so nothing that removes the checkout can follow it into node_modules.
    const link = path.join(dir, 'node_modules');
    if (existsSync(link) && lstatSync(link).isSymbolicLink()) unlinkSync(link);
    if (revision.commit) removeWorktree(repo, dir);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (revision.commit) {
      addWorktree(repo, dir, revision.commit);
    } else {
      mkdirSync(dir, { recursive: true });
      for (const file of workingTreeFiles(repo)) {
        const source = path.join(repo, file);
        // Deleted in the working tree but not yet staged; or a node_modules link git does not ignore.
        if (!existsSync(source) || file === 'node_modules' || file.startsWith('node_modules/')) continue;
        // A link git lists beside the files it replaced (dist/ -> elsewhere): the files were copied.
        if (existsSync(path.join(dir, file)) && lstatSync(source).isSymbolicLink()) continue;
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        cpSync(source, path.join(dir, file), { verbatimSymlinks: true, preserveTimestamps: false });
      }
    }
  } catch (error) {
    dispose();
    throw error;
  }
  return { root: dir, dispose };
}

/** The folders synthesis writes (src/config/environment-names.ts, src/bin/outputs), by their name at the project root. */
const OUTPUT_FOLDER = /^(dist|dist-.+|cdktf\.out)$/;

/**
 * Makes every output folder at a checkout's project root a real folder: one that is a link in the
 * user's tree (dist/ -> a shared folder) is copied as a link, and synthesis would write through it
 * into the user's real output. Its content does not matter: synthesis replaces it.
 */
export function ownOutputFolders(root: string): void {
  for (const entry of existsSync(root) ? readdirSync(root) : []) {
    const folder = path.join(root, entry);
    if (!OUTPUT_FOLDER.test(entry) || !lstatSync(folder).isSymbolicLink()) continue;
    unlinkSync(folder);
    mkdirSync(folder);
  }
}

/**
 * Gives a checkout the project's bundled entry points (src/bin/run.cjs's cache in .build/bin: the
 * bundles, their stamps, V8's code caches), so a revision whose code is the project's does not
 * rebuild them (about half a synthesis). Safe whatever the revision's code: run.cjs uses a bundle
 * only when its stamp holds the bundle's digest and every input matches the checkout, else it
 * rebuilds. Only for a checkout using the project's own node_modules (the bundles were built from
 * those packages). Hard links where the file system allows (11 MB not copied per checkout): run.cjs
 * replaces these files by rename, never in place, so the project's stay as they are. A write still
 * in progress (`*.partial`) is left out.
 */
export function reuseBundle(project: string, root: string): void {
  const from = path.join(project, '.build', 'bin');
  const to = path.join(root, '.build', 'bin');
  const files = existsSync(from) ? readdirSync(from).filter((f) => !f.endsWith('.partial')) : [];
  if (files.length > 0) mkdirSync(to, { recursive: true });
  for (const file of files) {
    try {
      linkSync(path.join(from, file), path.join(to, file));
    } catch {
      copyFileSync(path.join(from, file), path.join(to, file)); // another file system
    }
  }
}

/** Running syntheses, so an interrupt can stop them before the checkouts are removed. */
const running = new Set<ReturnType<typeof spawn>>();

export function stopSyntheses(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already exited
    }
  }
}

/**
 * Runs the revision's own synth script in its checkout, with the given environment (the config
 * the user selected). A configuration the revision's code refuses (exit 2) is bad input: one line
 * naming the revision and the problems.
 */
export function synthesize(root: string, revision: Revision, env: NodeJS.ProcessEnv): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!manifest.scripts?.synth) {
    return Promise.reject(new DiffInputError(`${revision.label} has no "synth" script in package.json, so it cannot be synthesized`));
  }
  // What `npm run synth` does (the script in sh, the revision's node_modules/.bin first on PATH),
  // without starting npm itself, which costs about as much as loading the synthesis.
  const [command, args] = process.platform === 'win32' ? [npmCommand()[0], [...npmCommand()[1], 'run', '-s', 'synth']] : ['/bin/sh', ['-c', manifest.scripts.synth]];
  const scriptEnv = { ...env, PATH: [path.join(root, 'node_modules', '.bin'), path.dirname(process.execPath), env.PATH ?? ''].join(path.delimiter), npm_lifecycle_event: 'synth', INIT_CWD: root };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: scriptEnv, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    running.add(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', (error) => { running.delete(child); reject(error); });
    child.on('close', (code, signal) => {
      running.delete(child);
      if (code === 0) return resolve();
      const problems = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^nothing was written/.test(l));
      if (code === 2) return reject(new DiffInputError(`${revision.label} does not synthesize: ${problems.join('; ')}`));
      reject(new Error(`npm run synth failed for ${revision.label} (${signal ?? `exit ${code}`}):\n${stderr.trimEnd()}`));
    });
  });
}
