import { ConfigError } from '../config/load';
import { PublishError } from '../output/publish-error';

/**
 * Makes a line safe to print: control characters (a newline in a YAML key, terminal escapes) are
 * shown escaped, so input can neither forge another error line nor drive the terminal.
 */
export function printable(line: string): string {
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes one report per line to stderr, each made printable. */
export function report(lines: readonly string[]): void {
  if (lines.length > 0) process.stderr.write(lines.map((l) => `${printable(l)}\n`).join(''));
}

/**
 * Runs a command-line entry point. A configuration or output-folder problem prints one line per
 * problem and exits 2 with no stack trace; anything else is a bug and exits 1 with its stack.
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
      report([...error.problems, 'nothing was written: the output folders are as they were']);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  }
}
