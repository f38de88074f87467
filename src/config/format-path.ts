/** A config field as a YAML author writes it: `endpoints[0].hostname`; the whole document is `(root)`. */
export function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '') || '(root)';
}
