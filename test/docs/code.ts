import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { z } from 'zod';
import { ENV_OVERRIDES } from '../../src/config/load';
import { configSchema } from '../../src/config/schema';
import { REPO } from './markdown';

// What the code defines, read from its source, for the docs tests to check cited names against:
// exports of src/, environment variables and string values the code uses, config field paths of
// the schema, and the flags each npm script's CLI parses.

function parseSource(rel: string): ts.SourceFile {
  return ts.createSourceFile(rel, readFileSync(path.join(REPO, rel), 'utf8'), ts.ScriptTarget.Latest, true, rel.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

// The code docs may cite: the product (src/) and the scripts npm runs (scripts/).
const srcFiles = (): string[] => ['src', 'scripts'].flatMap((dir) => readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.posix.join(dir, f.split(path.sep).join('/'))))
  .sort();

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Names a module exports at its top level (declarations and `export { a as b }`). */
export function exportsOf(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)
      || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && isExported(statement) && statement.name) {
      names.push(statement.name.text);
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      names.push(...statement.exportClause.elements.map((e) => e.name.text));
    }
  }
  return names;
}

export interface CodeFacts {
  /** Every name a module of src/ exports. */
  readonly exports: ReadonlySet<string>;
  /** Environment variables the code reads (`env.X`, `process.env.X`) and the config overrides. */
  readonly envVars: ReadonlySet<string>;
  /** Every string literal in src/: values the code sends or names (Terraform outputs, API enums). */
  readonly strings: ReadonlySet<string>;
  /** Property names the code sets (object literal keys): cdktf spells Terraform attributes this way. */
  readonly properties: ReadonlySet<string>;
}

let facts: CodeFacts | undefined;

export function codeFacts(): CodeFacts {
  if (facts) return facts;
  const exports = new Set<string>();
  const envVars = new Set<string>(Object.keys(ENV_OVERRIDES));
  const strings = new Set<string>();
  const properties = new Set<string>();
  for (const file of srcFiles()) {
    const source = parseSource(file);
    exportsOf(source).forEach((n) => exports.add(n));
    walk(source, (n) => {
      if (ts.isPropertyAccessExpression(n) && /(^|\.)env$/.test(n.expression.getText(source))) envVars.add(n.name.text);
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) strings.add(n.text);
      if ((ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) && ts.isIdentifier(n.name)) properties.add(n.name.text);
    });
  }
  facts = { exports, envVars, strings, properties };
  return facts;
}

/** Every field path of the configuration schema (`tls.dns01.credentials`, `endpoints[].allowCidrs`) with its allowed values, if an enum. */
export function configFields(): Map<string, string[] | undefined> {
  const schema = z.toJSONSchema(configSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  const fields = new Map<string, string[] | undefined>();
  const visit = (s: JsonSchema | undefined, at: string): void => {
    if (!s || typeof s !== 'object') return;
    if (s.enum && at !== '') fields.set(at, s.enum);
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      const p = at === '' ? key : `${at}.${key}`;
      if (!fields.has(p)) fields.set(p, undefined);
      visit(child, p);
    }
    if (s.items) visit(s.items, `${at}[]`);
    for (const alternative of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) visit(alternative, at);
  };
  visit(schema, '');
  return fields;
}

export const configPaths = (): Set<string> => new Set(configFields().keys());

interface JsonSchema {
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/**
 * The flags the CLI behind an npm script parses, or undefined when the script runs no CLI of this
 * repository (jest, stryker, a shell script: their flags are someone else's). Read from the entry
 * file and the modules it imports that define the parser: the options of a `parseArgs` call
 * (node:util) and the `--flag` literals a hand-written parser compares against.
 */
const flagCache = new Map<string, Set<string> | undefined>();

export function cliFlags(script: string): Set<string> | undefined {
  if (!flagCache.has(script)) flagCache.set(script, readCliFlags(script));
  return flagCache.get(script);
}

function readCliFlags(script: string): Set<string> | undefined {
  const command = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[script];
  // `node src/bin/run.cjs NAME` runs src/bin/NAME.ts from the bundle.
  const words = command?.split(/\s+/) ?? [];
  const launched = words[words.indexOf('src/bin/run.cjs') + 1];
  const entry = words.includes('src/bin/run.cjs') ? `src/bin/${launched}.ts` : words.find((w) => /^(src|scripts|bench)\/.*\.(ts|mjs|js)$/.test(w));
  if (entry === undefined) return undefined;
  // The entry, what it imports, and what the command-line modules beside it (src/bin) import.
  const files = [entry];
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && path.posix.dirname(files[i]) !== path.posix.dirname(entry)) continue;
    for (const imported of relativeImports(files[i])) if (!files.includes(imported)) files.push(imported);
  }
  const flags = new Set<string>();
  for (const file of files) {
    const parser = parseSource(file);
    if (!parser.text.includes('parseArgs')) continue;
    parserFlags(parser).forEach((f) => flags.add(f));
  }
  return flags;
}

function relativeImports(file: string): string[] {
  return parseSource(file).statements
    .filter((s): s is ts.ImportDeclaration => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith('.'))
    .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), (s.moduleSpecifier as ts.StringLiteral).text)))
    .map((f) => (/\.(m?js|ts)$/.test(f) ? f : `${f}.ts`));
}

function parserFlags(source: ts.SourceFile): string[] {
  const flags: string[] = [];
  const constObject = (name: string): ts.ObjectLiteralExpression | undefined => {
    let found: ts.ObjectLiteralExpression | undefined;
    walk(source, (n) => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer) {
        const init = ts.isAsExpression(n.initializer) ? n.initializer.expression : n.initializer;
        if (ts.isObjectLiteralExpression(init)) found = init;
      }
    });
    return found;
  };
  const optionsOf = (object: ts.ObjectLiteralExpression) => {
    for (const p of object.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
      if (name === undefined) continue;
      flags.push(`--${name}`);
      if (ts.isObjectLiteralExpression(p.initializer)) {
        const short = p.initializer.properties.find((q) => ts.isPropertyAssignment(q) && q.name.getText(source) === 'short');
        if (short && ts.isPropertyAssignment(short) && ts.isStringLiteral(short.initializer)) flags.push(`-${short.initializer.text}`);
      }
    }
  };
  walk(source, (n) => {
    // node:util parseArgs({ options: {...} }) or parseArgs({ options: OPTIONS })
    if (ts.isCallExpression(n) && n.expression.getText(source) === 'parseArgs' && n.arguments[0] && ts.isObjectLiteralExpression(n.arguments[0])) {
      const options = n.arguments[0].properties.find((p) => p.name?.getText(source) === 'options');
      const value = options && ts.isPropertyAssignment(options) ? options.initializer
        : options && ts.isShorthandPropertyAssignment(options) ? options.name : undefined;
      const object = value && ts.isObjectLiteralExpression(value) ? value : value && ts.isIdentifier(value) ? constObject(value.text) : undefined;
      if (object) optionsOf(object);
    }
    // a hand-written parser: `flag === '--json'`, `case '--runs':`
    const literal = ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken ? [n.left, n.right]
      : ts.isCaseClause(n) ? [n.expression] : [];
    for (const l of literal) if (ts.isStringLiteral(l) && /^--?[a-z][a-z0-9-]*$/i.test(l.text)) flags.push(l.text);
  });
  return flags;
}
