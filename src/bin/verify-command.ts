// What `npm run verify` does (src/bin/verify.ts runs it): proves from where it runs that each
// configured endpoint works end to end (DNS, reserved address, HTTP redirect, TLS, HTTPS, allowlist).
import { ConfigError } from '../config/load';
import { parseVerifyArgs, USAGE } from '../verify/args';
import { readCaFiles } from '../verify/ca-files';
import { configForEnv } from '../verify/environment';
import { distDir } from '../environments/environments';
import { escapeText } from '../cli/escape';
import { configurationMismatch } from '../output/publish';
import { CDKTF_OUT_DIR } from './outputs';
import { verifyOptions } from '../verify/options';
import { exitCode, renderJson, renderTable } from '../verify/report';
import { reservedAddress } from '../verify/reserved-address';
import { verify } from '../verify/runner';
import { UsageError } from '../verify/usage-error';
import { runUntilPassing } from '../verify/wait';

/** Where a run writes, and the environment it reads INFRA_CONFIG and the overrides from. */
interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env?: Record<string, string | undefined>;
}

const PROCESS_IO: Io = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

async function main(argv: readonly string[], io: Io): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const config = configForEnv(args.environment, { env: io.env });
  const mismatch = configurationMismatch(distDir(config.environment), CDKTF_OUT_DIR);
  if (mismatch) throw new UsageError(mismatch);
  const options = verifyOptions(config, args, readCaFiles(args.caFiles));
  const context = { environment: args.environment, reserved: reservedAddress(config, options.address) };
  const report = await runUntilPassing(() => verify(config, options, context), {
    waitMs: args.waitMs,
    intervalMs: args.intervalMs,
    progress: (line) => io.stderr(`${escapeText(line)}\n`),
  });
  io.stdout(args.json ? renderJson(report) : renderTable(report));
  return exitCode(report);
}

/** `npm run verify` with these arguments: writes the report (or the problem) and returns the exit code. */
export async function verifyCommand(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      // One line per problem, every character printable: input is echoed back.
      io.stderr(`${error.message.split('\n').map((l) => `verify: ${escapeText(l)}`).join('\n')}\n`);
      return 2;
    }
    // A bug, not an operator error: still one line, with where to look.
    const e = error instanceof Error ? error : new Error(String(error));
    io.stderr(`verify: internal error: ${escapeText(e.message.split('\n')[0])} (set VERIFY_DEBUG=1 for the stack)\n`);
    if ((io.env ?? process.env).VERIFY_DEBUG) io.stderr(`${e.stack}\n`);
    return 1;
  }
}
