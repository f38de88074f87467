// Reads `egctl x translate --to gateway-api -o yaml` output and fails unless every Gateway, listener,
// route parent and policy ancestor is Accepted with its references resolved. CI only.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const REQUIRED = new Set(['Accepted', 'ResolvedRefs']);
const docs = parseAllDocuments(readFileSync(process.argv[2], 'utf8')).map((d) => d.toJS());
const problems = [];
let checked = 0;

/** Every object with kind + status anywhere in the output (egctl nests them in lists by kind). */
function* resources(node) {
  if (Array.isArray(node)) for (const item of node) yield* resources(item);
  else if (node && typeof node === 'object') {
    if (typeof node.kind === 'string' && node.status) yield node;
    else for (const value of Object.values(node)) yield* resources(value);
  }
}

function expectConditions(where, conditions = []) {
  checked++;
  if (conditions.length === 0) problems.push(`${where}: no status conditions`);
  for (const c of conditions) {
    if (REQUIRED.has(c.type) && c.status !== 'True') problems.push(`${where}: ${c.type}=${c.status} (${c.reason}): ${c.message}`);
  }
}

for (const r of resources(docs)) {
  const id = `${r.kind}/${r.metadata?.namespace ?? ''}/${r.metadata?.name}`;
  if (r.kind === 'Gateway') {
    expectConditions(id, r.status.conditions);
    for (const l of r.status.listeners ?? []) expectConditions(`${id} listener ${l.name}`, l.conditions);
  }
  for (const p of r.status.parents ?? []) expectConditions(`${id} parent ${p.parentRef?.name}/${p.parentRef?.sectionName ?? ''}`, p.conditions);
  for (const a of r.status.ancestors ?? []) expectConditions(`${id} ancestor ${a.ancestorRef?.name}`, a.conditions);
}
if (checked === 0) problems.push('egctl produced no status to check');
for (const p of problems) console.error(p);
console.log(`egctl: ${checked} statuses checked, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
