// `npm run verify`: proves from where it runs that each configured endpoint works end to end
// (DNS, reserved address, HTTP redirect, TLS, HTTPS, allowlist). `--help` lists the options.
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

async function main(argv: readonly string[]): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = configForEnv(args.environment);
  const mismatch = configurationMismatch(distDir(config.environment), CDKTF_OUT_DIR);
  if (mismatch) throw new UsageError(mismatch);
  const options = verifyOptions(config, args, readCaFiles(args.caFiles));
  const context = { environment: args.environment, reserved: reservedAddress(config, options.address) };
  const report = await runUntilPassing(() => verify(config, options, context), {
    waitMs: args.waitMs,
    intervalMs: args.intervalMs,
    progress: (line) => process.stderr.write(`${escapeText(line)}\n`),
  });
  process.stdout.write(args.json ? renderJson(report) : renderTable(report));
  return exitCode(report);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      // One line per problem, every character printable: input is echoed back.
      process.stderr.write(`${error.message.split('\n').map((l) => `verify: ${escapeText(l)}`).join('\n')}\n`);
      process.exitCode = 2;
      return;
    }
    // A bug, not an operator error: still one line, with where to look.
    const e = error instanceof Error ? error : new Error(String(error));
    process.stderr.write(`verify: internal error: ${escapeText(e.message.split('\n')[0])} (set VERIFY_DEBUG=1 for the stack)\n`);
    if (process.env.VERIFY_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
  },
);
