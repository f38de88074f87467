// Patterns of credential material in files: the credentials a config value may not hold, plus
// key/value and Secret rules for configuration-like files.
import { CREDENTIAL_PATTERNS } from '../../src/config/secret-values';

export interface SecretPattern {
  readonly name: string;
  readonly pattern: RegExp;
  /** Only files whose name matches (default: every file). */
  readonly files?: RegExp;
}

// Key/value rules apply to configuration-like files only: in code, `password: obj.password` is a field name.
// The value must be on the key's line: `clientSecret:` opening a mapping (a CRD schema) is no value.
const CONFIG_FILES = /(\.(ya?ml|env|tfvars|properties|ini)|\.tf\.json|Kustomization)$/;

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  ...CREDENTIAL_PATTERNS,
  { name: 'password value', pattern: /\b(?:password|passwd|secret_?key|client_?secret)\b["']?[ \t]*[:=][ \t]*["']?(?!\$\{|<|\*{3}|""|''|$)[^\s"',}]{6,}/i, files: CONFIG_FILES },
  { name: 'base64 Kubernetes Secret data', pattern: /^kind:\s*Secret\b/m },
];

/** The secret patterns found in a file's text, by name. */
export function findSecrets(text: string, file = 'any.yaml'): string[] {
  return SECRET_PATTERNS.filter(({ pattern, files }) => (!files || files.test(file)) && pattern.test(text)).map(({ name }) => name);
}
