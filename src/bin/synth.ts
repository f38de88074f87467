// `npm run synth`: both halves from one configuration, published together only if both succeed.
//   --only=k8s | --only=gcp   synthesize one half (the other output is left alone)
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load';
import { HALVES, synthesizeInto, type Half } from '../pipeline';
import { report, runCli } from './cli';
import { CDKTF_OUT_DIR, DIST_DIR, lockWaitMs } from './outputs';

const TARGETS: Record<Half, string> = { k8s: DIST_DIR, gcp: CDKTF_OUT_DIR };

/** The command line; anything else (unknown options, arguments, a half that does not exist) is a usage error. */
function parseCommandLine(argv: string[]): { only?: Half } {
  let values: { only?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { only: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError('command line', [`${(error as Error).message.split('\n')[0]}; usage: npm run synth [-- --only=k8s|gcp]`]);
  }
  const { only } = values;
  if (only !== undefined && !Object.hasOwn(HALVES, only)) {
    throw new ConfigError('command line', [`--only: ${JSON.stringify(only)} is not allowed; allowed: ${Object.keys(HALVES).join(', ')}`]);
  }
  return { only: only as Half | undefined };
}

runCli(() => {
  const { only } = parseCommandLine(process.argv.slice(2));
  const targets = only ? { [only]: TARGETS[only] } : TARGETS;
  const config = loadConfig();
  const { files, warnings } = synthesizeInto(config, targets, { lockWaitMs: lockWaitMs() });
  report(warnings);
  for (const [half, written] of Object.entries(files)) {
    process.stdout.write(`${half}: ${written.length} files -> ${path.relative(process.cwd(), TARGETS[half as Half]) || '.'}\n`);
  }
});
