import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { STACK_KINDS } from '../../src/config/environment-names';
import { REPO } from './markdown';

// Which backticked tokens and link targets are repository paths, and whether they exist.
// The rules are described in docs/features/doc-system-spec.md ("Paths"); keep the two in step.

/** File extensions that make a token a path candidate. */
const PATH_EXTENSIONS = ['.md', '.ts', '.js', '.json', '.yaml', '.yml', '.sh', '.snap'];
/** Extensions for which a bare name (no `/`) still counts as a path. */
const BARE_PATH_EXTENSIONS = ['.md'];
/** Top-level folders a doc may name that need not exist in a checkout: generated output. */
const GENERATED_ROOTS = ['cdktf.out'];

/** Top-level folders of the repository (plus generated ones and the old repository's root), for the recognizer. */
export function repoRoots(oldRepositoryPrefix: string): Set<string> {
  const dirs = readdirSync(REPO, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git' && !e.name.startsWith('.publish-') && !e.name.startsWith('.synth-scratch-'))
    .map((e) => e.name);
  return new Set([...dirs, ...GENERATED_ROOTS, oldRepositoryPrefix.split('/')[0]]);
}

/**
 * The repository path a backticked token or link target names, normalized (no `./`, anchor or
 * `:line`), or undefined when it is not a path:
 * - not: empty, anything with whitespace (a command or phrase), URLs (`scheme:`), assignments (`a=b`),
 *   images and `user@host` (`:` or `@` after stripping a `:line` suffix), flags (`-x`), variables (`$X`),
 *   absolute paths (outside the repository by definition);
 * - with a `/`: a path when it ends in a PATH_EXTENSIONS extension or its first segment is a
 *   top-level folder of the repository (`roots`); a first segment containing a dot that is not such a
 *   folder is a domain (API group, annotation key: `gateway.networking.k8s.io/v1`), anything else a
 *   `namespace/name` or `owner/repo` reference;
 * - without a `/`: a path only for BARE_PATH_EXTENSIONS (`README.md`).
 */
export function recognizePath(token: string, roots: ReadonlySet<string>): string | undefined {
  let t = token.trim();
  if (t === '' || /\s/.test(t)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(t) && !/^[a-z]:[\\/]/i.test(t)) return undefined; // URL, mailto:, oci:
  if (t.includes('=')) return undefined;
  t = t.replace(/#.*$/, '').replace(/:\d+(:\d+)?$/, '');
  if (t === '' || /[:@]/.test(t) || /^[-$]/.test(t) || t.startsWith('/')) return undefined;
  t = t.replace(/^(\.\/)+/, '');
  const hasExtension = PATH_EXTENSIONS.some((ext) => t.endsWith(ext) && t.length > ext.length);
  if (!t.includes('/')) return BARE_PATH_EXTENSIONS.some((ext) => t.endsWith(ext) && t.length > ext.length) ? t : undefined;
  const first = t.split('/')[0];
  if (first === '.' || first === '..') return t;
  if (roots.has(first)) return t;
  if (first.includes('.')) return undefined; // a domain: API group, annotation key, registry host
  return hasExtension ? t : undefined;
}

export interface PathContext {
  /** The document naming the path, relative to REPO. */
  readonly doc: string;
  /** Link targets resolve against the document's folder; backticked paths against the repository root. */
  readonly fromLink: boolean;
  /** Followed by the planned marker. */
  readonly planned: boolean;
  /** Inside the one section where old-repository paths may appear. */
  readonly inOldRepositorySection: boolean;
  readonly oldRepositoryPrefix: string;
}

const TEMPLATE = /[<>*{}[\]]/;

/** The synthesized layout of cdktf.out/ that docs may name without it being committed. */
function cdktfOutLayout(): Set<string> {
  return new Set([
    'cdktf.out',
    'cdktf.out/manifest.json',
    'cdktf.out/stacks',
    ...STACK_KINDS.flatMap((id) => [`cdktf.out/stacks/${id}`, `cdktf.out/stacks/${id}/cdk.tf.json`]),
  ]);
}

/** Why the recognized path `p` is wrong, or undefined when it is fine. */
export function pathProblem(p: string, ctx: PathContext): string | undefined {
  if (p.startsWith(ctx.oldRepositoryPrefix) || p === ctx.oldRepositoryPrefix.replace(/\/$/, '')) {
    return ctx.inOldRepositorySection
      ? undefined
      : `old-repository path: name it only in the "Repo status" mapping of MASTER_PLAN.md (the old repository)`;
  }
  const docDir = path.posix.dirname(ctx.doc);
  const bare = !p.includes('/');
  const candidates = (ctx.fromLink || p.startsWith('../') ? [path.posix.join(docDir, p)] : bare ? [path.posix.join(docDir, p), p] : [p])
    .map((c) => path.posix.normalize(c).replace(/\/$/, ''));
  if (candidates.some((c) => c === '..' || c.startsWith('../'))) return 'points outside the repository';

  const templated = TEMPLATE.test(p);
  const check = (c: string): boolean => {
    if (templated) {
      // Only the fixed leading folder of a template path has to exist.
      const fixed = c.slice(0, c.search(TEMPLATE));
      const folder = fixed.slice(0, fixed.lastIndexOf('/') + 1).replace(/\/$/, '');
      return folder === '' || exists(folder);
    }
    return exists(c);
  };
  const found = candidates.some(check);
  if (ctx.planned) return found && !templated ? `marked (planned) but it exists: remove the marker` : undefined;
  if (found) return undefined;
  return candidates[0].startsWith('cdktf.out')
    ? `not part of the synthesized cdktf.out/ layout (manifest.json, stacks/<${STACK_KINDS.join('|')}>/cdk.tf.json)`
    : 'does not exist (mark it "(planned)" if it is still to be created)';
}

function exists(rel: string): boolean {
  if (rel === 'cdktf.out' || rel.startsWith('cdktf.out/')) return cdktfOutLayout().has(rel);
  return existsSync(path.join(REPO, rel));
}
