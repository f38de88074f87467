// `npm run diff -- [--base REF] [--head REF] [--json]`: what a change does to both halves, per object,
// with its risks. Markdown on stdout (JSON with --json); bad input is one line on stderr and exit 2.
import * as path from 'node:path';
import { DiffInputError } from '../diff/errors';
import { runDiff } from '../diff/run-diff';

// The repository root, as src/config/load.ts has it (not imported: it loads the config schema).
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const USAGE = 'usage: npm run diff -- [--base REF] [--head REF] [--json]';

function parseArgs(argv: string[]): { base?: string; head?: string; json: boolean } {
  const options: { base?: string; head?: string; json: boolean } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--json' && inline === undefined) options.json = true;
    else if (flag === '--base' || flag === '--head') {
      const value = inline ?? argv[++i];
      if (!value || value.startsWith('--')) throw new DiffInputError(`${flag} needs a git revision, e.g. ${flag} origin/main; ${USAGE}`);
      options[flag === '--base' ? 'base' : 'head'] = value;
    } else {
      throw new DiffInputError(`${JSON.stringify(arg)} is not an option; ${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  try {
    const args = parseArgs(process.argv.slice(2));
    const output = await runDiff({
      ...args,
      projectRoot: REPO_ROOT,
      env: process.env,
      dependencyCache: process.env.DIFF_DEPENDENCY_CACHE ?? path.join(REPO_ROOT, 'node_modules', '.cache', 'edge-diff'),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(output);
  } catch (error) {
    if (error instanceof DiffInputError) {
      process.stderr.write(`npm run diff: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`npm run diff: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  }
}

void main();
