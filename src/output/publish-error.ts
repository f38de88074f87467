/**
 * A state of the output folders (or of another run) that the user must resolve: reported one line
 * per problem with exit code 2 and no stack trace. When it is thrown, no output folder has changed.
 */
export class PublishError extends Error {
  constructor(readonly problems: readonly string[]) {
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
    EXDEV: 'on another file system (a mount point)',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    ENOTDIR: 'a file where a folder is needed',
    EISDIR: 'a folder where a file is needed',
    ENOTEMPTY: 'not empty',
    ENOENT: 'does not exist',
    EEXIST: 'already exists',
  };
  return code ? `${words[code] ?? 'failed'} (${code})` : String((error as Error)?.message ?? error);
}
