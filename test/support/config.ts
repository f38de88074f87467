import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE, parseConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';

let defaultJson: string | undefined;

/** The default config file as written, as a plain object to modify (a fresh copy each time; the YAML is parsed once). */
export function defaultConfigInput(): Record<string, any> {
  defaultJson ??= JSON.stringify(parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')));
  return JSON.parse(defaultJson);
}

/** Parses the default config with a change applied, as the CLI would (no env overrides). */
export function configWith(change: (input: Record<string, any>) => void = () => {}): Config {
  const input = defaultConfigInput();
  change(input);
  return parseConfig(stringify(input), 'test.yaml', {});
}
