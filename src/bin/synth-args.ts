import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load';
import { HALVES, type Half } from '../pipeline';

const USAGE = 'usage: npm run synth [-- --env=NAME] [--only=k8s|gcp]';

/** `npm run synth`'s command line; anything else (unknown options, arguments, a half that does not exist) is a usage error. */
export function parseSynthArgs(argv: readonly string[]): { only?: Half; env?: string } {
  let values: { only?: string; env?: string };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { only: { type: 'string' }, env: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError('command line', [`${(error as Error).message.split('\n')[0]}; ${USAGE}`]);
  }
  const { only, env } = values;
  if (only !== undefined && !Object.hasOwn(HALVES, only)) {
    throw new ConfigError('command line', [`--only: ${JSON.stringify(only)} is not allowed; allowed: ${Object.keys(HALVES).join(', ')}`]);
  }
  return { only: only as Half | undefined, env };
}
