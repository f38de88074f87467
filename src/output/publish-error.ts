import * as path from 'node:path';

/**
 * A state of the output folders (or of another run) that the user must resolve: reported one line
 * per problem with exit code 2 and no stack trace. `partial`: thrown while publishing, so some
 * files may be new; the next run finishes the job.
 */
export class PublishError extends Error {
  constructor(readonly problems: readonly string[], readonly partial = false) {
    super(problems.join('\n'));
    this.name = 'PublishError';
  }
}

/** Why a file-system call failed, in words, from its error code. */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted (immutable or protected)',
    EBUSY: 'busy or a mount point',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error of the device',
    ENOTDIR: 'a file where a folder is needed',
    EISDIR: 'a folder where a file is needed',
    ELOOP: 'a loop of symlinks',
    ENOENT: 'does not exist',
    EEXIST: 'already exists',
  };
  return code ? `${words[code] ?? 'failed'} (${code})` : String((error as Error)?.message ?? error);
}

/** A failed file-system call as one line: the path it names (as the user would write it) and why. */
export function fsProblem(error: NodeJS.ErrnoException): string {
  return `${error.path ? shown(error.path) : error.syscall}: ${reason(error)}`;
}

/** A path as the user would write it: relative to the working directory when inside it. */
export function shown(target: string): string {
  const relative = path.relative(process.cwd(), path.resolve(target));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(target);
}
