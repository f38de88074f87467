import * as path from 'node:path';
import { isAlias, isCollection, isNode, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { nameCollisions } from './derived-objects';
import { formatPath } from './format-path';
import { REPO_ROOT } from './repo-root';
import { readInputFile, whyUnreadable } from '../cli/input-file';
import { configSchema, type Config } from './schema';

export const DEFAULT_CONFIG_FILE = path.join(REPO_ROOT, 'config', 'default.yaml');

/** The environment variables of the original bash tasks, and the field each one overrides. */
export const ENV_OVERRIDES = {
  GOOGLE_PROJECT_ID: ['project', 'id'],
  GOOGLE_REGION: ['project', 'region'],
  GKE_CLUSTER_NAME: ['cluster', 'name'],
} as const;

/** A user error: one line per problem, each naming the field and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(problems.map((p) => `${source}: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Config file; defaults to $INFRA_CONFIG, then config/default.yaml. */
  readonly file?: string;
  /** Environment for the overrides; defaults to process.env. */
  readonly env?: Record<string, string | undefined>;
  /** The environment the file is (config/environments/<name>.yaml); the file may repeat it, not contradict it. */
  readonly environment?: string;
}

/** Where the config comes from: INFRA_CONFIG is relative to the working directory, as users expect. */
function configFile(options: LoadOptions = {}): string {
  const env = options.env ?? process.env;
  return path.resolve(options.file ?? env.INFRA_CONFIG ?? DEFAULT_CONFIG_FILE);
}

export function loadConfig(options: LoadOptions = {}): Config {
  const file = configFile(options);
  const source = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readInputFile(file);
  } catch (e) {
    throw new ConfigError(source, [`cannot read the config file (${whyUnreadable(e)}); set INFRA_CONFIG to an existing YAML file`]);
  }
  return parseConfig(text, source, options.env ?? process.env, options.environment);
}

/** Validates YAML text plus env overrides; throws ConfigError listing every problem at once. */
export function parseConfig(text: string, source: string, env: Record<string, string | undefined> = {}, environment?: string): Config {
  const raw = parseYaml(text, source) ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(source, [`${formatPath([])}: must be a mapping of configuration sections, e.g. project:, endpoints:`]);
  }
  const input = raw as Record<string, unknown>;
  if (environment !== undefined) {
    if (input.environment !== undefined && input.environment !== environment) {
      throw new ConfigError(source, [`environment: ${JSON.stringify(input.environment)} does not match the file name; allowed: ${JSON.stringify(environment)} or left out`]);
    }
    input.environment = environment;
  }
  const fromEnv = new Map<string, string>();
  for (const [variable, [section, field]] of Object.entries(ENV_OVERRIDES)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const current = input[section];
    // A section that is not a mapping is left for the schema to report, not replaced.
    if (current !== undefined && (typeof current !== 'object' || Array.isArray(current))) continue; // null (empty) is filled
    input[section] = { ...current, [field]: value };
    fromEnv.set(`${section}.${field}`, variable);
  }
  const result = configSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(source, result.error.issues.flatMap((issue) => formatIssue(issue, fromEnv)));
  }
  const collisions = nameCollisions(result.data);
  if (collisions.length > 0) {
    throw new ConfigError(source, collisions.map(({ path, message }) => `${formatPath(path)}${fromEnvNote(fromEnv, formatPath(path))}: ${message}`));
  }
  return result.data;
}

/** Aliases may repeat a node at most this often: more is an expansion ("billion laughs") attack. */
const MAX_ALIAS_COUNT = 100;

/**
 * YAML to plain data, with every problem as `YAML: <what> at line L, column C`: syntax errors,
 * duplicate keys, unknown tags, keys that are not plain values, aliases to missing anchors or
 * expanding too far. Nothing of a bad document reaches the schema.
 */
function parseYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  const at = (offset: number | undefined) => {
    const { line, col } = lineCounter.linePos(offending(text, doc, offset ?? 0));
    return `at line ${line}, column ${col}`;
  };
  // prettyErrors: false keeps each message to its words; the position is added here, the same way for all.
  const problems = [...doc.errors, ...doc.warnings].map((e) => `YAML: ${e.message.split('\n')[0]} ${at(e.pos[0])}`);
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key) || isAlias(pair.key)) problems.push(`YAML: a key must be a plain value, not a list, mapping or alias ${at(pair.key.range?.[0])}`);
    },
    Alias(_, alias) {
      if (!alias.resolve(doc as Document)) problems.push(`YAML: alias *${alias.source} refers to no anchor defined before it ${at(alias.range?.[0])}`);
    },
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The only failure left: aliases that expand too far.
    let first: number | undefined;
    visit(doc, { Alias(_, alias) { first ??= alias.range?.[0]; } });
    throw new ConfigError(source, [`YAML: aliases expand the document too far (more than ${MAX_ALIAS_COUNT} copies of one node; ${(error as Error).message}) ${at(first)}`]);
  }
}

/**
 * Where the user should look for an error the parser places at `offset`. The parser puts some
 * errors where it noticed them rather than at their cause: a misindented item at the start of its
 * line (column 1, on the indentation), an unclosed quote or bracket at the end of the text.
 * These point at the item, and at the opening quote or bracket, instead.
 */
function offending(text: string, doc: Document, offset: number): number {
  let opening: number | undefined;
  visit(doc, (_, node) => {
    if (isNode(node) && node.range?.[1] === offset && isUnclosed(text, node) && (opening === undefined || node.range[0] > opening)) opening = node.range[0];
  });
  if (opening !== undefined) return opening;
  // On indentation (or the blank lines before an item): the item is the next thing written.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (!/^ *$/.test(text.slice(lineStart, offset))) return offset;
  const item = offset + (/^[ \r\n]*/.exec(text.slice(offset)) as RegExpExecArray)[0].length;
  return item < text.length ? item : offset;
}

/** A quoted scalar or flow collection that does not end with its closing quote or bracket. */
function isUnclosed(text: string, node: Node): boolean {
  const [start, end] = node.range as [number, number, number]; // set on every parsed node
  const close = { '"': '"', "'": "'", '[': ']', '{': '}' }[text[start]];
  const delimited = isScalar(node) ? node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' : isCollection(node) && node.flow === true;
  return delimited && close !== undefined && (end - start < 2 || text[end - 1] !== close);
}

/** Which environment variable set a field, when one did. */
function fromEnvNote(fromEnv: Map<string, string>, field: string): string {
  return fromEnv.has(field) ? ` (from ${fromEnv.get(field)})` : '';
}

function formatIssue(issue: z.core.$ZodIssue, fromEnv: Map<string, string>): string[] {
  const field = formatPath(issue.path);
  const via = fromEnvNote(fromEnv, field);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${formatPath([...issue.path, k])}: unknown key; see the fields in src/config/schema.ts`);
    case 'invalid_type': {
      if (issue.input === undefined) return [`${field}${via}: is required`];
      // The schema's own words for a string field ("must be a string: <what is allowed>"), else the type.
      const allowed = issue.message.startsWith('must be ') ? issue.message : `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
      return [`${field}${via}: ${allowed}, got ${describe(issue.input)}`];
    }
    case 'invalid_value':
      return [`${field}${via}: ${describe(issue.input)} is not allowed; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`];
    default:
      return [`${field}${via}: ${issue.message}`];
  }
}

/** Zod's type names as a YAML author knows them (scalar fields name their type in their own message). */
const TYPE_WORDS: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string' };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : JSON.stringify(value);
}
