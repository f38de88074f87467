import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** The most an input file (configuration, CA bundle) may hold: far more than any real one. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** An input that is not a regular file of bounded size. */
class InputFileError extends Error {}

function check(stat: Stats, max: number): number {
  const kind = stat.isFile() ? undefined : stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : 'a device';
  if (kind) throw new InputFileError(`${kind}, not a regular file`);
  if (stat.size > max) throw new InputFileError(`${stat.size} bytes, more than the ${max} allowed`);
  return stat.size;
}

/**
 * The text of a regular file of at most `max` bytes. Checked before it is opened (a FIFO would wait
 * for a writer forever, /dev/zero never ends), opened non-blocking and checked again on the
 * descriptor (the path may have changed in between), and never read past its checked size.
 */
export function readInputFile(file: string, max = MAX_INPUT_BYTES): string {
  check(statSync(file), max);
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buffer = Buffer.alloc(check(fstatSync(fd), max) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length === buffer.length) throw new InputFileError('grew while being read');
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/** Why an input file could not be read, in a few words: its error code or what it is. */
export function whyUnreadable(error: unknown): string {
  return error instanceof InputFileError ? error.message : (error as NodeJS.ErrnoException).code ?? String(error);
}
