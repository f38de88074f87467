import { ConfigError } from '../config/load';

/**
 * Runs a command-line entry point. A configuration error prints one line per problem and exits 2
 * with no stack trace; anything else is a bug and exits 1 with its stack.
 */
export function runCli(main: () => void): void {
  try {
    main();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nnothing was written: fix the configuration and run again\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  }
}
