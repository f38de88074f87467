// Patterns of credential material. Built from pieces so this file never matches itself.
const BEGIN = '-----' + 'BEGIN';

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
  { name: 'PEM private key', pattern: new RegExp(`${BEGIN} (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----`) },
  { name: 'service account key JSON', pattern: new RegExp('"type"\\s*:\\s*"service' + '_account"[\\s\\S]{0,2000}"private' + '_key"') },
  { name: 'private_key field', pattern: new RegExp('"private' + '_key(?:_id)?"\\s*:\\s*"[^"]{8,}') },
  { name: 'Google API key', pattern: new RegExp('AI' + 'za[0-9A-Za-z_-]{35}') },
  { name: 'Google OAuth access token', pattern: new RegExp('ya' + '29\\.[0-9A-Za-z_-]{20,}') },
  { name: 'AWS access key', pattern: new RegExp('AK' + 'IA[0-9A-Z]{16}') },
  { name: 'GitHub token', pattern: new RegExp('gh' + '[pousr]_[A-Za-z0-9]{36}') },
  { name: 'Slack token', pattern: new RegExp('xox' + '[abprs]-[0-9A-Za-z-]{10,}') },
  { name: 'JWT', pattern: new RegExp('eyJ' + '[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}') },
  { name: 'password value', pattern: /\b(?:password|passwd|secret_?key|client_?secret)\b["']?[ \t]*[:=][ \t]*["']?(?!\$\{|<|\*{3}|""|''|$)[^\s"',}]{6,}/i, files: CONFIG_FILES },
  { name: 'base64 Kubernetes Secret data', pattern: /^kind:\s*Secret\b/m },
];

/** The secret patterns found in a file's text, by name. */
export function findSecrets(text: string, file = 'any.yaml'): string[] {
  return SECRET_PATTERNS.filter(({ pattern, files }) => (!files || files.test(file)) && pattern.test(text)).map(({ name }) => name);
}
