import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareTrees } from './compare';
import { linkDependencies } from './dependencies';
import { DiffInputError } from './errors';
import { defaultBase, isClean, repositoryRoot, resolveCommit, shortCommit, unmergedPaths } from './git';
import { renderJson } from './json-report';
import { renderMarkdown } from './markdown-report';
import { checkout, ownOutputFolders, reuseBundle, stopSyntheses, synthesize, type Checkout, type Revision } from './revision';
import { loadTree } from './tree';
import { TreeCache } from './tree-cache';

export interface DiffOptions {
  /** The project folder (package.json, config/, src/): the repository root, or a folder inside it. */
  readonly projectRoot: string;
  /** Base ref; default: the merge-base with the default branch, else HEAD. */
  readonly base?: string;
  /** Head ref; default: the working tree as it is. */
  readonly head?: string;
  readonly json?: boolean;
  /** The environment syntheses run with (INFRA_CONFIG, GOOGLE_PROJECT_ID...). */
  readonly env: NodeJS.ProcessEnv;
  /** Where lock files other than the current one get their dependencies installed. */
  readonly dependencyCache: string;
  readonly log: (line: string) => void;
}

/**
 * Synthesizes both halves at two revisions, each in a throwaway checkout with its own pinned
 * dependencies and its own code, and reports what changes: Markdown, or JSON with `json`.
 * The user's working tree, dist/ and cdktf.out/ are never written; checkouts are always removed.
 */
export async function runDiff(options: DiffOptions): Promise<string> {
  const repo = repositoryRoot(options.projectRoot);
  const projectDir = path.resolve(options.projectRoot);
  const project = path.relative(repo, projectDir);
  const base = baseRevision(repo, options.base);
  const head = headRevision(repo, options.head);
  if (!head.commit) {
    const unmerged = unmergedPaths(repo);
    if (unmerged.length > 0) {
      throw new DiffInputError(`the working tree has unresolved merge conflicts (${unmerged.slice(0, 3).join(', ')}${unmerged.length > 3 ? ', ...' : ''}): resolve them, or pass --head REF`);
    }
  }
  // Same commit, or a clean working tree on the base commit: one synthesis serves both sides.
  const same = head.commit ? head.commit === base.commit : isClean(repo) && resolveCommit(repo, 'HEAD', 'HEAD') === base.commit;

  const scratch = mkdtempSync(path.join(tmpdir(), 'edge-diff-'));
  const checkouts: Checkout[] = [];
  const cleanUp = () => {
    checkouts.splice(0).reverse().forEach((c) => c.dispose());
    rmSync(scratch, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stopSyntheses();
    cleanUp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const sides = same ? [base] : [base, head];
    const cache = new TreeCache(path.join(options.dependencyCache, 'trees'));
    const keys = sides.map((revision) => (revision.commit ? cache.key(revision.commit, project, options.env, repo) : undefined));
    const cached = keys.map((key) => (key ? cache.get(key) : undefined));
    const roots = sides.map((revision, i) => {
      if (cached[i]) return '';
      const co = checkout(repo, revision, path.join(scratch, i === 0 ? 'base' : 'head'));
      checkouts.push(co);
      const root = path.join(co.root, project);
      ownOutputFolders(root);
      const modules = linkDependencies(root, revision.label, { repo: projectDir, cacheDir: options.dependencyCache, log: options.log });
      if (modules === path.join(projectDir, 'node_modules')) reuseBundle(projectDir, root);
      return root;
    });
    const results = await Promise.allSettled(sides.map((revision, i) =>
      (cached[i] ? Promise.resolve() : synthesize(roots[i], revision, configEnv(options, roots[i], revision)))));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    if (failures.length > 0) throw failures.find((f) => f instanceof DiffInputError) ?? failures[0];
    const trees = sides.map((_, i) => {
      if (cached[i]) return cached[i];
      const tree = loadTree(roots[i]);
      if (keys[i]) cache.put(keys[i], tree);
      return tree;
    });
    const changes = compareTrees(trees[0], trees[same ? 0 : 1]);
    return options.json ? renderJson(changes) : renderMarkdown(changes, { base: base.label, head: head.label });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    cleanUp();
  }
}

function baseRevision(repo: string, ref: string | undefined): Revision {
  if (ref !== undefined) {
    const commit = resolveCommit(repo, ref, '--base');
    return { label: `\`${ref}\` (\`${shortCommit(repo, commit)}\`)`, commit };
  }
  const { label, commit } = defaultBase(repo);
  return { label: `${label} (\`${shortCommit(repo, commit)}\`)`, commit };
}

function headRevision(repo: string, ref: string | undefined): Revision {
  if (ref === undefined) return { label: 'the working tree' };
  const commit = resolveCommit(repo, ref, '--head');
  return { label: `\`${ref}\` (\`${shortCommit(repo, commit)}\`)`, commit };
}

/**
 * The environment for one revision's synthesis. INFRA_CONFIG naming a file inside the project is
 * read from that revision (its own version of the file); a file outside is used as is for both.
 */
function configEnv(options: DiffOptions, root: string, revision: Revision): NodeJS.ProcessEnv {
  const selected = options.env.INFRA_CONFIG;
  if (!selected) return options.env;
  const file = path.resolve(selected);
  const relative = path.relative(path.resolve(options.projectRoot), file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { ...options.env, INFRA_CONFIG: file };
  const inRevision = path.join(root, relative);
  if (existsSync(inRevision)) return { ...options.env, INFRA_CONFIG: inRevision };
  // The working tree may select a file git ignores (a local config): read it where it is.
  if (!revision.commit && existsSync(file)) return { ...options.env, INFRA_CONFIG: file };
  throw new DiffInputError(`INFRA_CONFIG ${relative} does not exist in ${revision.label}; select a config file both revisions have`);
}
