// `npm run diff -- [--base REF] [--head REF] [--json]`: what a change does to both halves, per object,
// with its risks. Markdown on stdout (JSON with --json); bad input is one line on stderr and exit 2.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DiffInputError } from '../diff/errors';
import { runDiff } from '../diff/run-diff';
import { REPO_ROOT } from '../config/repo-root';

const USAGE = 'usage: npm run diff -- [--base REF] [--head REF] [--json]';

function parseCommandLine(argv: string[]): { base?: string; head?: string; json: boolean } {
  const needsRevision = (flag: string) => new DiffInputError(`${flag} needs a git revision, e.g. ${flag} origin/main; ${USAGE}`);
  let values: { base?: string; head?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { base: { type: 'string' }, head: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    // node:util names the argument in quotes: '--yaml', 'main', '--head <value>', '--json'.
    const quoted = (/'([^']*)'/.exec((error as Error).message)?.[1] ?? '').split(' ')[0];
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new DiffInputError(`${JSON.stringify(quoted)} is not an option; ${USAGE}`);
    if (quoted === '--json') throw new DiffInputError(`--json takes no value; ${USAGE}`);
    throw needsRevision(quoted);
  }
  for (const flag of ['base', 'head'] as const) {
    if (values[flag] !== undefined && (values[flag] === '' || values[flag].startsWith('-'))) throw needsRevision(`--${flag}`);
  }
  return { base: values.base, head: values.head, json: values.json ?? false };
}

async function main(): Promise<void> {
  try {
    const args = parseCommandLine(process.argv.slice(2));
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
