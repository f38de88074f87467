import { ConfigError } from '../config/load';
import { escapeText } from '../cli/escape';
import { fsProblem, PublishError } from '../output/publish-error';

/** Writes one report per line to stderr, each made printable (input is echoed in problems). */
export function report(lines: readonly string[]): void {
  if (lines.length > 0) process.stderr.write(lines.map((l) => `${escapeText(l)}\n`).join(''));
}

/**
 * Runs a command-line entry point. A configuration, output-folder or file-system problem (a full
 * disk, a read-only folder) prints one line per problem and exits 2 with no stack trace; anything
 * else is a bug and exits 1 with its stack.
 */
export function runCli(main: () => void): void {
  try {
    main();
  } catch (error) {
    if (error instanceof ConfigError) {
      report([...error.problems.map((p) => `${error.source}: ${p}`), 'nothing was written: fix the configuration and run again']);
      process.exit(2);
    }
    if (error instanceof PublishError) {
      report([...error.problems, ...(error.partial ? [] : ['nothing was written: the output folders are as they were'])]);
      process.exit(2);
    }
    if ((error as NodeJS.ErrnoException)?.syscall) {
      report([`${fsProblem(error as NodeJS.ErrnoException)}; the output folders are as they were or partly written: fix this and run again`]);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  }
}
