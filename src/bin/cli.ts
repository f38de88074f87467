import { ConfigError } from '../config/load';
import { escapeText } from '../cli/escape';
import { fsProblem, PublishError } from '../output/publish-error';

/** One report per line, each made printable (input is echoed in problems). */
const printable = (lines: readonly string[]) => lines.map((l) => `${escapeText(l)}\n`).join('');

/** Writes reports to stderr, one per line. */
export function report(lines: readonly string[]): void {
  if (lines.length > 0) process.stderr.write(printable(lines));
}

/**
 * What a failed run prints on stderr and its exit code. A configuration, output-folder or
 * file-system problem (a full disk, a read-only folder) is one line per problem and exit 2, with no
 * stack trace; anything else is a bug: its stack and exit 1.
 */
export function failureOutput(error: unknown): { stderr: string; code: 1 | 2 } {
  if (error instanceof ConfigError) {
    return { stderr: printable([...error.problems.map((p) => `${error.source}: ${p}`), 'nothing was written: fix the configuration and run again']), code: 2 };
  }
  if (error instanceof PublishError) {
    return { stderr: printable([...error.problems, ...(error.partial ? [] : ['nothing was written: the output folders are as they were'])]), code: 2 };
  }
  if ((error as NodeJS.ErrnoException)?.syscall) {
    return { stderr: printable([`${fsProblem(error as NodeJS.ErrnoException)}; the output folders are as they were or partly written: fix this and run again`]), code: 2 };
  }
  return { stderr: `${error instanceof Error ? error.stack ?? error.message : String(error)}\n`, code: 1 };
}

/** Runs a command-line entry point; a failure prints its failureOutput and exits with its code. */
export function runCli(main: () => void): void {
  try {
    main();
  } catch (error) {
    const { stderr, code } = failureOutput(error);
    process.stderr.write(stderr);
    process.exit(code);
  }
}
