import * as ts from 'typescript';
import { codeFacts, configPaths, exportsOf } from './code';
import { codeSpans, docRules, lineOf, listDocs, prose, readDoc } from './markdown';

// Every code name a doc cites in backticks exists in the code: a rename without the docs fails here
// (docs/features/doc-system-spec.md, "Names and commands").

const rules = docRules();
const code = codeFacts();
const fields = configPaths();
const fieldNames = new Set([...fields].map((p) => p.split('.').pop()!.replace('[]', '')));
const topLevelFields = new Set([...fields].filter((p) => !p.includes('.')).map((p) => p.replace('[]', '')));
const external = new Set(rules.externalSymbols);
// Terraform settings the code writes as overrides (`terraform.required_version`).
const stringSegments = new Set([...code.strings].flatMap((s) => s.split('.')));

/** Keys and string values of the spec's rules block: the doc system's own vocabulary (`lastUpdated`, `requiredUnder`). */
function ruleWords(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) value.forEach((v) => ruleWords(v, into));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) ruleWords(v, into.add(k));
  return into;
}
const docVocabulary = ruleWords(rules);

const CAMEL = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/; // getCredentialsCommand, allowCidrs
const SCREAMING = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/; // STACK_KINDS, INFRA_CONFIG, CHANNEL_STANDARD
const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/; // gateway_address (a Terraform output)
const CONFIG_PATH = /^([a-z][A-Za-z0-9]*(?:\[\])?(?:\.(?:[a-z][A-Za-z0-9]*(?:\[\])?|\*))+)(?::\s.*)?$/; // tls.dns01.credentials, `dns.mode: zone`

/**
 * What is wrong with one backticked token, or undefined when it is fine or is not a code name.
 * Kinds and prose words (`SecurityPolicy`, `platform`) are not checked here; names.test.ts checks
 * the names the configuration produces.
 */
function symbolProblem(token: string): string | undefined {
  const t = token.trim().replace(/^\$/, '').replace(/\(\)$/, '');
  // A value the code writes, e.g. an IAM permission of the DNS-01 role (`dns.changes.create`, `dns.resourceRecordSets.*`).
  if (code.strings.has(t) || (t.endsWith('.*') && [...code.strings].some((s) => s.startsWith(t.slice(0, -1))))) return undefined;
  const path = CONFIG_PATH.exec(t)?.[1];
  if (path !== undefined && topLevelFields.has(path.split(/[.[]/)[0])) {
    const field = path.replace(/\.\*$/, '');
    return fields.has(field) ? undefined : `config field ${field} is not in the schema (src/config/schema.ts)`;
  }
  if (external.has(t)) return undefined;
  if (CAMEL.test(t)) {
    return code.exports.has(t) || fieldNames.has(t) || docVocabulary.has(t) || code.properties.has(t) ? undefined
      : `${t} is neither an export of src/ nor a config field (an upstream name goes in the spec's externalSymbols)`;
  }
  if (SCREAMING.test(t)) {
    return code.exports.has(t) || code.envVars.has(t) || code.strings.has(t) ? undefined
      : `${t} is not an export of src/, an environment variable the code reads, or a value it writes`;
  }
  if (SNAKE.test(t)) {
    // Terraform names: an output or resource the code names as a string, or an attribute cdktf spells in camelCase.
    return code.strings.has(t) || stringSegments.has(t) || code.properties.has(t.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())) ? undefined
      : `${t} is not a name the code writes (a Terraform output, resource or attribute)`;
  }
  return undefined;
}

describe('the symbol checker', () => {
  it('accepts exports, environment variables, config fields, written values and Terraform names', () => {
    for (const t of ['STACK_KINDS', 'getCredentialsCommand', 'applyCommands()', 'INFRA_CONFIG', '$TERRAFORM_BINARY_NAME', 'CHANNEL_DISABLED',
      'allowCidrs', 'tls.dns01.credentials', 'endpoints[].allowCidrs', 'dns.mode: acme-cname', 'gateway.*', 'state.bucket',
      'gateway_address', 'dns01_key_commands', 'gateway_api_config', 'dns.changes.create', 'dns.resourceRecordSets.*', 'lastUpdated', 'requiredUnder', ...external]) {
      expect([t, symbolProblem(t)]).toEqual([t, undefined]);
    }
  });

  it('rejects names that exist nowhere: a renamed export, config field, variable or output', () => {
    expect(symbolProblem('STACK_IDS')).toMatch(/not an export of src\//);
    expect(symbolProblem('getCredentialCommand')).toMatch(/neither an export/);
    expect(symbolProblem('tls.dns01.credential')).toMatch(/config field tls.dns01.credential/);
    expect(symbolProblem('endpoints[].allowCidr')).toMatch(/not in the schema/);
    expect(symbolProblem('dns.changes.delete')).toMatch(/not in the schema/);
    expect(symbolProblem('INFRA_CONFIG_FILE')).toMatch(/environment variable/);
    expect(symbolProblem('gateway_addresses')).toMatch(/Terraform output/);
  });

  it('leaves prose, kinds, commands and domain names alone', () => {
    for (const t of ['platform', 'SecurityPolicy', 'EXTERNAL', 'npm run synth', 'conductor.wti.net', 'gateway.networking.k8s.io/v1', 'crds.enabled', 'global.leaderElection.namespace=cert-manager']) {
      expect([t, symbolProblem(t)]).toEqual([t, undefined]);
    }
  });

  it('reads exports the way TypeScript declares them', () => {
    const source = ts.createSourceFile('x.ts', 'export const A = 1; const b = 2; export function f() {} export type T = 1; export { b as B };', ts.ScriptTarget.Latest);
    expect(exportsOf(source)).toEqual(['A', 'f', 'T', 'B']);
  });

  it('knows every external symbol is really external: none is a name the code has', () => {
    const inCode = [...external].filter((t) => code.exports.has(t) || code.strings.has(t) || fieldNames.has(t) || code.envVars.has(t));
    expect(inCode).toEqual([]);
  });
});

describe('code names cited in docs', () => {
  it.each(listDocs())('%s cites only names the code has', (doc) => {
    const text = prose(readDoc(doc));
    const problems = codeSpans(text)
      .map((s) => ({ s, problem: symbolProblem(s.text) }))
      .filter(({ problem }) => problem !== undefined)
      .map(({ s, problem }) => `${doc}:${lineOf(text, s.index)}: \`${s.text}\`: ${problem}`);
    expect(problems).toEqual([]);
  });
});
