import * as path from 'node:path';
import { ConfigError } from '../config/load';
import { REPO_ROOT } from '../config/repo-root';
import type { Config } from '../config/schema';
import { loadEnvironments } from '../environments/environments';
import { UsageError } from './usage-error';

/**
 * The configuration of a named environment, as `npm run synth --env` loads it: `default` is
 * config/default.yaml (or INFRA_CONFIG), any other name config/environments/<name>.yaml.
 */
export function configForEnv(name: string, options: { env?: Record<string, string | undefined>; repoRoot?: string } = {}): Config {
  try {
    const [config] = loadEnvironments({ only: name, env: options.env, environmentsDir: path.join(options.repoRoot ?? REPO_ROOT, 'config', 'environments') });
    return config;
  } catch (error) {
    // An unknown name is a usage error; a broken configuration stays a configuration error.
    if (error instanceof ConfigError && error.source === 'command line') throw new UsageError(error.problems.join('; '));
    throw error;
  }
}
