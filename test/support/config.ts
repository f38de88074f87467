import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE, parseConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';

/** The default config file as written, as a plain object to modify. */
export function defaultConfigInput(): Record<string, any> {
  return parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
}

/** Parses the default config with a change applied, as the CLI would (no env overrides). */
export function configWith(change: (input: Record<string, any>) => void = () => {}): Config {
  const input = defaultConfigInput();
  change(input);
  return parseConfig(stringify(input), 'test.yaml', {});
}
