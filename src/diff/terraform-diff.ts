import { attributePath, diffFields } from './field-diff';
import { forcesReplacement, forceNewAttributes, identityAttributes } from './force-replacement';
import type { Action, FieldChange } from './model';
import type { Move, TerraformBlock } from './tree';

/** A Terraform block that differs, before risks are judged. */
export interface BlockChange {
  readonly action: Action;
  readonly block: TerraformBlock;
  readonly fields: FieldChange[];
  readonly notes: string[];
}

const LOGICAL_ID_FIELD = '(logical id)';

const keyOf = (b: Pick<TerraformBlock, 'stack' | 'address'>) => `${b.stack}/${b.address}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rewrites references to renamed addresses (`${google_x.old.id}`, `depends_on: ["google_x.old"]`) to their new address. */
function rewriteReferences(body: Record<string, unknown>, renames: ReadonlyMap<string, string>): Record<string, unknown> {
  if (renames.size === 0) return body;
  let text = JSON.stringify(body);
  for (const [from, to] of renames) {
    text = text.replace(new RegExp(`(?<![\\w.-])${escape(from)}(?![\\w-])`, 'g'), to);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** Identity values of a block, or undefined when it has none to compare (nothing to pair it by). */
function identity(block: TerraformBlock, body: Record<string, unknown>): string | undefined {
  const values = identityAttributes(block.type ?? block.kind).map((a) => [a, body[a]] as const).filter(([, v]) => v !== undefined);
  if (!values.some(([a]) => a !== 'project')) return undefined;
  return JSON.stringify(values);
}

/**
 * Compares the Terraform blocks of two syntheses. A managed resource that disappears while one of
 * the same type with the same identity appears (a construct renamed or moved: a new logical id) is
 * one replacement; a `moved` block turns that into a plain change. A changed attribute that forces
 * replacement, or a force-new attribute that refers to a resource being (re)created, is a replacement.
 */
export function diffTerraform(base: readonly TerraformBlock[], head: readonly TerraformBlock[], moves: readonly Move[] = []): BlockChange[] {
  const baseByKey = new Map(base.map((b) => [keyOf(b), b]));
  const headByKey = new Map(head.map((b) => [keyOf(b), b]));
  /** base key -> head key, for blocks whose address changed; and how. */
  const pairs = new Map<string, { head: string; moved: boolean }>();
  // Per stack: old address -> new address, to read the base's references as the head writes them.
  const renamesIn = (stack: string) => new Map([...pairs].filter(([b]) => baseByKey.get(b)!.stack === stack)
    .map(([b, { head: h }]) => [baseByKey.get(b)!.address, headByKey.get(h)!.address]));
  const baseBody = (b: TerraformBlock) => rewriteReferences(b.body, renamesIn(b.stack));

  for (const move of moves) {
    const from = `${move.stack}/${move.from}`;
    const to = `${move.stack}/${move.to}`;
    if (baseByKey.has(from) && headByKey.has(to) && !headByKey.has(from) && !baseByKey.has(to)) pairs.set(from, { head: to, moved: true });
  }
  // Pair by identity until nothing new pairs: a pairing can make references in other identities equal.
  for (let progress = true; progress;) {
    progress = false;
    const paired = new Set([...pairs.values()].map((p) => p.head));
    const added = head.filter((h) => h.mode !== 'other' && !baseByKey.has(keyOf(h)) && !paired.has(keyOf(h)));
    for (const b of base) {
      const key = keyOf(b);
      if (b.mode === 'other' || headByKey.has(key) || pairs.has(key)) continue;
      const id = identity(b, baseBody(b));
      if (id === undefined) continue;
      const candidates = added.filter((h) => h.kind === b.kind && !paired.has(keyOf(h)) && identity(h, h.body) === id);
      // The same stack first: a resource moved to another stack is still destroyed in one state and created in another.
      const match = candidates.find((h) => h.stack === b.stack) ?? candidates[0];
      if (!match) continue;
      pairs.set(key, { head: keyOf(match), moved: false });
      paired.add(keyOf(match));
      progress = true;
    }
  }

  const changes = new Map<string, BlockChange>();
  const pairedHeads = new Map([...pairs].map(([b, p]) => [p.head, { base: b, moved: p.moved }]));
  for (const h of head) {
    const key = keyOf(h);
    const from = baseByKey.has(key) ? { base: key, moved: false, same: true } : pairedHeads.has(key) ? { ...pairedHeads.get(key)!, same: false } : undefined;
    if (!from) {
      changes.set(key, { action: 'add', block: h, fields: [], notes: [] });
      continue;
    }
    const b = baseByKey.get(from.base)!;
    const fields = diffFields(baseBody(b), h.body);
    const notes: string[] = [];
    let action: Action = 'change';
    if (!from.same) {
      fields.unshift({ path: LOGICAL_ID_FIELD, action: 'change', before: b.address, after: h.address });
      const where = b.stack === h.stack ? '' : ` (from stack ${b.stack})`;
      const paths = b.constructPath && h.constructPath && b.constructPath !== h.constructPath ? `; construct ${b.constructPath} -> ${h.constructPath}` : '';
      if (from.moved) {
        notes.push(`moved from ${b.address}${where} by a moved block: state is carried over${paths}`);
      } else if (h.mode === 'managed') {
        action = 'replace';
        notes.push(`logical id changed from ${b.address}${where}${paths}: Terraform destroys the old resource and creates the new one; keep the id (overrideLogicalId) or add a moved block (moveFromId) to keep it`);
      } else {
        notes.push(`logical id changed from ${b.address}${where}${paths}`);
      }
    }
    if (h.mode === 'managed') {
      const forced = [...new Set(fields.map((f) => forcesReplacement(h.type!, attributePath(f.path))).filter((e): e is string => e !== undefined))];
      if (forced.length > 0) {
        action = 'replace';
        notes.push(`${forced.map((a) => `\`${a}\``).join(', ')} cannot change in place: Terraform destroys and recreates ${h.address}`);
      }
    }
    if (fields.length > 0) changes.set(key, { action, block: h, fields, notes });
  }
  for (const b of base) {
    if (!headByKey.has(keyOf(b)) && !pairs.has(keyOf(b))) changes.set(keyOf(b), { action: 'remove', block: b, fields: [], notes: [] });
  }
  propagateReplacements(head, changes);
  return [...changes.values()];
}

/**
 * A resource being created or replaced has unknown computed attributes until applied; a force-new
 * attribute that refers to one (`network = google_compute_network.vpc.id`) makes Terraform replace
 * the referring resource too. A reference to an attribute the new resource sets literally
 * (`router = google_compute_router.r.name`) stays known and forces nothing.
 */
function propagateReplacements(head: readonly TerraformBlock[], changes: Map<string, BlockChange>): void {
  const byAddress = new Map(head.map((b) => [keyOf(b), b]));
  const created = (key: string) => ['add', 'replace'].includes(changes.get(key)?.action ?? '');
  for (let progress = true; progress;) {
    progress = false;
    for (const h of head) {
      if (h.mode !== 'managed' || changes.get(keyOf(h))?.action === 'replace' || changes.get(keyOf(h))?.action === 'add') continue;
      const causes: { attribute: string; target: string }[] = [];
      for (const attribute of forceNewAttributes(h.type!)) {
        const value = lookup(h.body, attribute);
        if (value === undefined) continue;
        for (const [, address, attr] of JSON.stringify(value).matchAll(/\$\{((?:data\.)?[a-z0-9_]+\.[\w-]+)\.([a-z0-9_]+)/g)) {
          const target = byAddress.get(`${h.stack}/${address}`);
          if (!target || !created(keyOf(target))) continue;
          const literal = target.body[attr];
          if (literal !== undefined && !JSON.stringify(literal).includes('${')) continue;
          causes.push({ attribute, target: address });
        }
      }
      if (causes.length === 0) continue;
      const previous = changes.get(keyOf(h));
      const fields = [...(previous?.fields ?? [])];
      for (const { attribute } of causes) {
        if (!fields.some((f) => attributePath(f.path) === attribute)) fields.push({ path: attribute, action: 'change', before: lookup(h.body, attribute), after: lookup(h.body, attribute) });
      }
      changes.set(keyOf(h), {
        action: 'replace',
        block: h,
        fields,
        notes: [...(previous?.notes ?? []), ...causes.map((c) => `\`${c.attribute}\` refers to ${c.target}, which is (re)created: its value is unknown until applied, so Terraform replaces ${h.address} too`)],
      });
      progress = true;
    }
  }
}

function lookup(body: Record<string, unknown>, attribute: string): unknown {
  return attribute.split('.').reduce<unknown>((value, key) => {
    const item = Array.isArray(value) ? value[0] : value;
    return item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
  }, body);
}
