import type { K8sObject } from './k8s-output';

/** Flattens a JSON value into `a.b[0].c` -> leaf value. */
function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, []);
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(prefix, {});
    entries.forEach(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k, out));
  } else {
    out.set(prefix, value);
  }
  return out;
}

/**
 * The leaf paths that differ between two syntheses, as `Kind:path`. Objects are paired by position,
 * so both must hold the same kinds in the same order (a config change that adds or drops objects is
 * asserted separately).
 */
export function changedPaths(before: K8sObject[], after: K8sObject[]): string[] {
  if (before.map((o) => o.kind).join() !== after.map((o) => o.kind).join()) {
    throw new Error(`object lists differ: ${before.map((o) => o.kind).join()} vs ${after.map((o) => o.kind).join()}`);
  }
  const changed = new Set<string>();
  before.forEach((b, i) => {
    const x = flatten(b);
    const y = flatten(after[i]);
    for (const key of new Set([...x.keys(), ...y.keys()])) {
      if (JSON.stringify(x.get(key)) !== JSON.stringify(y.get(key))) changed.add(`${b.kind}:${key}`);
    }
  });
  return [...changed].sort();
}
