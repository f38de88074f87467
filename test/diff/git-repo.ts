import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/config/repo-root';
import { runDiff, type DiffOptions } from '../../src/diff/run-diff';
import { bundledEntries, cleanEnv, SYNTHESIS_INPUTS } from '../support/sandbox';

/** What a checkout needs to synthesize and diff: a synthesis's inputs, the lock file and ignores; not the history. */
const COPIED = [...SYNTHESIS_INPUTS, 'package-lock.json', '.gitignore'];

/** Fixed identity and clock, so commits (and the report's short hashes) are reproducible. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

/**
 * A real git repository in a temporary folder holding a copy of this project (node_modules linked),
 * synthesized before as a user's would be: its bundled entry points (.build/, ignored) are current.
 */
export class TestRepo {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'diff-repo-'));
  /** Where dependencies of other lock files are cached for this repository's diffs. */
  readonly dependencyCache = mkdtempSync(path.join(tmpdir(), 'diff-dependencies-'));

  constructor() {
    for (const entry of COPIED) cpSync(path.join(REPO_ROOT, entry), path.join(this.dir, entry), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(this.dir, 'node_modules'), 'dir');
    // With its times: a bundle newer than its stamp is not reused (src/diff/revision.ts reuseBundle).
    cpSync(bundledEntries(), path.join(this.dir, '.build'), { recursive: true, preserveTimestamps: true });
    this.git('init', '--quiet', '--initial-branch=main');
    // `node_modules/` in .gitignore matches folders only; the link is ignored here.
    writeFileSync(path.join(this.dir, '.git/info/exclude'), 'node_modules\n');
    this.commit('initial');
  }

  git(...args: string[]): string {
    const result = spawnSync('git', args, { cwd: this.dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '--quiet', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** Removes the repository and the dependency cache. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.dependencyCache, { recursive: true, force: true });
  }

  read(file: string): string {
    return readFileSync(path.join(this.dir, file), 'utf8');
  }

  write(file: string, text: string): void {
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    writeFileSync(path.join(this.dir, file), text);
  }

  /** `npm run diff -- ...args` as package.json runs it, in this repository. */
  diff(...args: string[]): SpawnSyncReturns<string> {
    return this.diffWith({}, ...args);
  }

  /** The same, with some environment variables set (or cleared with ''). */
  diffWith(env: Record<string, string>, ...args: string[]): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [path.join(this.dir, 'src/bin/run.cjs'), 'diff', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...cleanEnv(), DIFF_DEPENDENCY_CACHE: this.dependencyCache, ...env },
    });
  }

  /**
   * What `npm run diff` does here, in this process: for what the process boundary does not change.
   * The revisions' syntheses still run as child processes, the real ones.
   */
  runDiff(options: Pick<DiffOptions, 'base' | 'head' | 'json'> = {}, log: (line: string) => void = () => {}): Promise<string> {
    return runDiff({ ...options, projectRoot: this.dir, env: cleanEnv(), dependencyCache: this.dependencyCache, log });
  }
}
