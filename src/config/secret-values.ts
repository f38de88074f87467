// Credential material that must never be a configuration value: everything in the config is
// rendered into dist/ (committed) or cdktf.out/ (and from there into Terraform state). Patterns
// are built from pieces so that this file does not match the repository's own secret scan.
const BEGIN = '-----' + 'BEGIN';

/** Credential material recognizable anywhere in a text; the repository's secret scan uses these too. */
export const CREDENTIAL_PATTERNS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'PEM private key', pattern: new RegExp(`${BEGIN} (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----`) },
  { name: 'service account key JSON', pattern: new RegExp('"type"\\s*:\\s*"service' + '_account"[\\s\\S]{0,2000}"private' + '_key"') },
  { name: 'private_key field', pattern: new RegExp('"private' + '_key(?:_id)?"\\s*:\\s*"[^"]{8,}') },
  { name: 'Google API key', pattern: new RegExp('AI' + 'za[0-9A-Za-z_-]{35}') },
  { name: 'Google OAuth access token', pattern: new RegExp('ya' + '29\\.[0-9A-Za-z_-]{20,}') },
  // Long-term (AKIA) and temporary STS (ASIA) key ids.
  { name: 'AWS access key', pattern: new RegExp('A' + '(?:KIA|SIA)[0-9A-Z]{16}') },
  { name: 'GitHub token', pattern: new RegExp('gh' + '[pousr]_[A-Za-z0-9]{36}') },
  { name: 'Slack token', pattern: new RegExp('xox' + '[abprs]-[0-9A-Za-z-]{10,}') },
  { name: 'JWT', pattern: new RegExp('eyJ' + '[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}') },
];

const SECRET_VALUE_PATTERNS = [
  ...CREDENTIAL_PATTERNS,
  // A config value is a value: any key-looking prefix with a secret after it is one.
  { name: 'password value', pattern: /\b(?:password|passwd|secret_?key|client_?secret|api_?key|token)\b["']?\s*[:=]\s*["']?[^\s"',}]{6,}/i },
];

/** The kind of credential `value` looks like, or undefined. */
export function secretKind(value: string): string | undefined {
  return SECRET_VALUE_PATTERNS.find(({ pattern }) => pattern.test(value))?.name;
}

/** Every string in a parsed configuration with its path, for checks that apply to all fields. */
export function stringValues(value: unknown, at: (string | number)[] = []): [string, (string | number)[]][] {
  if (typeof value === 'string') return [[value, at]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringValues(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringValues(v, [...at, k]));
  return [];
}
