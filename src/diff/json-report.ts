import type { Change } from './model';

/** `{"changes": [{half, action, kind, name, fields, risks}]}`: fields are the changed field paths. */
export function renderJson(changes: readonly Change[]): string {
  const out = changes.map((c) => ({ half: c.half, action: c.action, kind: c.kind, name: c.name, fields: c.fields.map((f) => f.path), risks: [...c.risks] }));
  return `${JSON.stringify({ changes: out }, null, 2)}\n`;
}
