import { spawnSync } from 'node:child_process';
import { DiffInputError } from './errors';

/** Runs git in `repo`; user hooks never run (a worktree checkout would trigger post-checkout). */
function run(repo: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new DiffInputError(`git could not be run (${result.error.message}); npm run diff needs git on PATH`);
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

function git(repo: string, args: string[]): string {
  const result = run(repo, args);
  if (!result.ok) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** The top folder of the git repository holding `dir`. */
export function repositoryRoot(dir: string): string {
  const result = run(dir, ['rev-parse', '--show-toplevel']);
  if (!result.ok) throw new DiffInputError(`${dir} is not inside a git repository: npm run diff compares git revisions`);
  return result.stdout.trim();
}

/** The commit a ref names, or a one-line error naming the option and the ref. */
export function resolveCommit(repo: string, ref: string, option: string): string {
  const result = run(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (!result.ok) throw new DiffInputError(`${option} ${JSON.stringify(ref)}: not a git revision here; give a branch, tag or commit (e.g. origin/main, HEAD~1)`);
  return result.stdout.trim();
}

/**
 * The default base: where this branch left the default branch (origin's HEAD, else origin/main,
 * origin/master, main, master), else HEAD.
 */
export function defaultBase(repo: string): { label: string; commit: string } {
  if (!run(repo, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).ok) {
    throw new DiffInputError('the repository has no commit yet: commit something, or pass --base REF');
  }
  const originHead = run(repo, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  const candidates = [...(originHead.ok ? [originHead.stdout.trim()] : []), 'origin/main', 'origin/master', 'main', 'master'];
  for (const branch of candidates) {
    if (!run(repo, ['rev-parse', '--verify', '--quiet', `${branch}^{commit}`]).ok) continue;
    const base = run(repo, ['merge-base', 'HEAD', branch]);
    if (base.ok) return { label: `the merge-base with ${branch}`, commit: base.stdout.trim() };
  }
  return { label: 'HEAD', commit: git(repo, ['rev-parse', 'HEAD']).trim() };
}

export function shortCommit(repo: string, commit: string): string {
  return git(repo, ['rev-parse', '--short', commit]).trim();
}

/** Paths with unresolved merge conflicts in the working tree. */
export function unmergedPaths(repo: string): string[] {
  return git(repo, ['diff', '--name-only', '--diff-filter=U']).split('\n').filter(Boolean);
}

/** Whether the working tree matches HEAD, untracked files included (ignored files do not count). */
export function isClean(repo: string): boolean {
  return git(repo, ['status', '--porcelain', '--untracked-files=all']).trim() === '';
}

/** The files of the working tree as git sees them: tracked (and present) plus untracked, not ignored. */
export function workingTreeFiles(repo: string): string[] {
  return git(repo, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0').filter(Boolean);
}

/** Checks out `commit` into `dir` as a detached worktree (the user's working tree is not touched). */
export function addWorktree(repo: string, dir: string, commit: string): void {
  git(repo, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
}

/** Removes a worktree made by addWorktree, and its record in .git, whatever state it is in. */
export function removeWorktree(repo: string, dir: string): void {
  run(repo, ['worktree', 'remove', '--force', '--force', dir]);
  run(repo, ['worktree', 'prune']);
}
