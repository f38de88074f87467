import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SynthesizedTree } from './tree';

/** Bump when the tree's shape changes, so older entries are not read. */
const FORMAT = 1;
const KEEP = 20;
/** What a revision's synthesis reads besides its own files: the config selection and overrides. */
const INPUT_VARIABLE = /^(INFRA_CONFIG|GOOGLE_[A-Z_]+|GKE_[A-Z_]+)$/;

/**
 * Synthesized trees of commits, so the base of repeated `npm run diff` runs (the merge-base, which
 * rarely moves) is synthesized once. A commit fixes the code, config and lock file; the key adds
 * what else the synthesis reads: the selecting and overriding variables, a config file outside the
 * repository (by content), and the Node major version. Synthesis is deterministic (same input,
 * byte-identical output), so a hit is what a new synthesis would give.
 */
export class TreeCache {
  constructor(private readonly dir: string) {}

  key(commit: string, project: string, env: NodeJS.ProcessEnv, repo: string): string {
    const variables = Object.entries(env).filter(([k, v]) => INPUT_VARIABLE.test(k) && v).sort(([a], [b]) => (a < b ? -1 : 1));
    const config = env.INFRA_CONFIG ? path.resolve(env.INFRA_CONFIG) : undefined;
    const outside = config && path.relative(repo, config).startsWith('..') && existsSync(config) ? readFileSync(config) : undefined;
    return createHash('sha256').update(JSON.stringify([FORMAT, commit, project, process.versions.node.split('.')[0], variables,
      outside ? createHash('sha256').update(outside).digest('hex') : null])).digest('hex').slice(0, 32);
  }

  get(key: string): SynthesizedTree | undefined {
    try {
      return JSON.parse(readFileSync(path.join(this.dir, `${key}.json`), 'utf8')) as SynthesizedTree;
    } catch {
      return undefined;
    }
  }

  /** Best effort: a cache that cannot be written only costs the next run a synthesis. */
  put(key: string, tree: SynthesizedTree): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      const file = path.join(this.dir, `${key}.json`);
      writeFileSync(`${file}.${process.pid}`, JSON.stringify(tree));
      renameSync(`${file}.${process.pid}`, file);
      const entries = readdirSync(this.dir).filter((f) => f.endsWith('.json')).map((f) => ({ f, t: statSync(path.join(this.dir, f)).mtimeMs }));
      for (const { f } of entries.sort((a, b) => b.t - a.t).slice(KEEP)) rmSync(path.join(this.dir, f), { force: true });
    } catch {
      // read-only or full: nothing to do
    }
  }
}
