import { isDeepStrictEqual } from 'node:util';
import type { FieldChange } from './model';
import { isRecord } from './tree';

type Json = unknown;

/** The `name` of every item when all items are objects with distinct string names, else undefined. */
function itemNames(list: readonly Json[]): string[] | undefined {
  const names = list.map((item) => (isRecord(item) && typeof item.name === 'string' ? item.name : undefined));
  if (names.some((n) => n === undefined) || new Set(names).size !== names.length) return undefined;
  return names as string[];
}

/** `a.b`, or `a["networking.gke.io/x"]` for a key that would not read as one path segment. */
const join = (prefix: string, key: string) => {
  if (!/^[A-Za-z_][\w-]*$/.test(key)) return `${prefix}[${JSON.stringify(key)}]`;
  return prefix ? `${prefix}.${key}` : key;
};

/**
 * The fields that differ between two JSON values, as paths: object keys joined by dots, list items
 * keyed by their `name` where every item has one (`spec.listeners[https-mcp]`), else by position;
 * a list of plain values is one field (`spec.hostnames`). A key or item present on one side only is
 * one added or removed field, not one per leaf.
 */
export function diffFields(before: Json, after: Json, prefix = ''): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const path = join(prefix, key);
      if (!(key in after)) return [{ path, action: 'remove' as const, before: before[key] }];
      if (!(key in before)) return [{ path, action: 'add' as const, after: after[key] }];
      return diffFields(before[key], after[key], path);
    });
  }
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].some((v) => isRecord(v) || Array.isArray(v))) {
    const beforeNames = itemNames(before);
    const afterNames = itemNames(after);
    if (beforeNames && afterNames) return diffNamedItems(before, beforeNames, after, afterNames, prefix);
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => {
      const path = `${prefix}[${i}]`;
      if (i >= after.length) return [{ path, action: 'remove' as const, before: before[i] }];
      if (i >= before.length) return [{ path, action: 'add' as const, after: after[i] }];
      return diffFields(before[i], after[i], path);
    }).flat();
  }
  if (!prefix) return [{ path: '(root)', action: 'change', before, after }];
  return [{ path: prefix, action: 'change', before, after }];
}

function diffNamedItems(before: Json[], beforeNames: string[], after: Json[], afterNames: string[], prefix: string): FieldChange[] {
  const changes: FieldChange[] = [];
  // In the order of the new list, then what was removed, so the report reads like the manifest.
  afterNames.forEach((name, i) => {
    const path = `${prefix}[${name}]`;
    const j = beforeNames.indexOf(name);
    if (j < 0) changes.push({ path, action: 'add', after: after[i] });
    else changes.push(...diffFields(before[j], after[i], path));
  });
  beforeNames.forEach((name, j) => {
    if (!afterNames.includes(name)) changes.push({ path: `${prefix}[${name}]`, action: 'remove', before: before[j] });
  });
  return changes;
}

/** A path without its list positions or item names: `secondary_ip_range[0].range_name` -> `secondary_ip_range.range_name`. */
export function attributePath(path: string): string {
  return path.replace(/\[[^\]]*\]/g, '');
}
