import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig, REPO_ROOT } from '../config/load';
import type { Config } from '../config/schema';
import { UsageError } from './usage-error';

export const DEFAULT_ENVIRONMENT = 'default';
const ENVIRONMENT_NAME = /^[a-z0-9][-a-z0-9]{0,62}$/;

/**
 * The configuration of a named environment: `default` is config/default.yaml (or INFRA_CONFIG, as
 * for `npm run synth`); any other name is config/environments/<name>.yaml. The one place verify
 * learns about environments, so a shared environment loader can replace it in one edit.
 */
export function configForEnv(name: string, options: { env?: Record<string, string | undefined>; repoRoot?: string } = {}): Config {
  if (name === DEFAULT_ENVIRONMENT) return loadConfig({ env: options.env });
  const folder = path.join(options.repoRoot ?? REPO_ROOT, 'config', 'environments');
  const file = path.join(folder, `${name}.yaml`);
  if (!ENVIRONMENT_NAME.test(name) || !existsSync(file)) {
    throw new UsageError(`--env: ${JSON.stringify(name)} is not a known environment; known: ${knownEnvironments(folder).join(', ')}`);
  }
  return loadConfig({ file, env: options.env });
}

function knownEnvironments(folder: string): string[] {
  const named = existsSync(folder)
    ? readdirSync(folder).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).filter((n) => ENVIRONMENT_NAME.test(n)).sort()
    : [];
  return [DEFAULT_ENVIRONMENT, ...named.filter((n) => n !== DEFAULT_ENVIRONMENT)];
}
