import { isDeepStrictEqual } from 'node:util';
import { attributePath, diffFields } from './field-diff';
import { conditionalReplacements, forcesReplacement, forceNewAttributes, identityAttributes, knownAtPlan } from './force-replacement';
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

/** The block's `lifecycle` meta-argument, whose settings Terraform reads from the configuration. */
function lifecycleOf(block: TerraformBlock): { ignore_changes?: unknown; replace_triggered_by?: unknown; prevent_destroy?: unknown } {
  const lifecycle = block.body.lifecycle;
  return lifecycle !== null && typeof lifecycle === 'object' ? lifecycle : {};
}

/**
 * Whether Terraform plans nothing for this attribute path of a resource: meta-arguments (lifecycle,
 * depends_on, ...) are not part of the remote object, and the head's `lifecycle.ignore_changes`
 * ("all", or attribute paths like `metadata[0].labels`) keeps the remote value of what it names, so
 * a change there is no update and forces no replacement.
 */
function unplanned(block: TerraformBlock): (path: string) => boolean {
  if (block.mode !== 'managed' && block.mode !== 'data') return () => false;
  const ignored = lifecycleOf(block).ignore_changes;
  const all = ignored === 'all' || (Array.isArray(ignored) && ignored.includes('all'));
  const paths = Array.isArray(ignored) ? ignored.filter((e): e is string => typeof e === 'string').map(attributePath) : [];
  return (path) => {
    const attribute = attributePath(path);
    if (META.has(attribute.split('.')[0])) return true;
    return block.mode === 'managed' && (all || paths.some((p) => attribute === p || attribute.startsWith(`${p}.`)));
  };
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
    const ignored = unplanned(h);
    const fields = diffFields(baseBody(b), h.body).filter((f) => !ignored(f.path));
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
      for (const rule of conditionalReplacements(h.type!)) {
        if (ignored(rule.attribute)) continue;
        const before = lookup(baseBody(b), rule.attribute);
        const after = lookup(h.body, rule.attribute);
        if (before === undefined || isDeepStrictEqual(before, after) || !rule.replaces(before, after)) continue;
        action = 'replace';
        notes.push(`\`${rule.attribute}\` ${inline(before)} -> ${inline(after)} replaces ${h.address}: ${rule.why}`);
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

const inline = (value: unknown) => JSON.stringify(value);

/** `${google_x.id.attr...}` and `${data.google_x.id.attr...}` references in a value: [address, attribute]. */
function references(value: unknown): [string, string][] {
  return [...JSON.stringify(value ?? null).matchAll(/\$\{((?:data\.)?[a-z0-9_]+\.[\w-]+)\.([a-z0-9_]+)/g)].map((m) => [m[1], m[2]]);
}

/** Body attributes that are not resource arguments. */
const META = new Set(['depends_on', 'lifecycle', 'provider', 'count', 'for_each']);

/**
 * What a replacement or creation does to the rest of the environment, where Terraform will see it:
 * - a block that refers to a computed attribute of a resource being created or replaced gets an
 *   unknown value until that apply (an attribute the configuration sets, like `name`, stays known;
 *   so do those a provider's CustomizeDiff sets at plan time): through a force-new attribute
 *   (`network = google_compute_network.vpc.id`) Terraform replaces it too, else it changes in place;
 * - a data source that looks up such a resource (another stack reading the address or the
 *   cluster by name), or whose lookup changes, reads a new object: what refers to it changes the same way;
 * - resources installed through a provider configured from a replaced cluster (helm_release) are
 *   gone with the old cluster and installed again in the new one;
 * - every replaced resource names what depends on it.
 */
function propagateReplacements(head: readonly TerraformBlock[], changes: Map<string, BlockChange>): void {
  const byKey = new Map(head.map((b) => [keyOf(b), b]));
  const created = (b: TerraformBlock) => b.mode === 'managed' && ['add', 'replace'].includes(changes.get(keyOf(b))?.action ?? '');
  /** The managed resource of this environment a data source looks up (same type and identity). */
  const lookedUp = (d: TerraformBlock) => {
    const id = identity(d, d.body);
    return id === undefined ? undefined : head.find((r) => r.mode === 'managed' && r.type === d.type && identity(r, r.body) === id);
  };
  /** Why `target.attribute` is unknown until applied, or undefined when it stays known. */
  const unknown = (target: TerraformBlock, attribute: string): string | undefined => {
    const literal = target.body[attribute] !== undefined && !JSON.stringify(target.body[attribute]).includes('${');
    if (literal) return undefined;
    if (target.mode === 'managed') {
      if (!created(target)) return undefined;
      const change = changes.get(keyOf(target))!;
      const sameIdentity = change.action === 'replace' && !change.fields.some((f) => identityAttributes(target.type!).includes(attributePath(f.path)) || f.path === LOGICAL_ID_FIELD);
      if (sameIdentity && knownAtPlan(target.type!).includes(attribute)) return undefined;
      return `${target.address}, which is (re)created`;
    }
    if (target.mode !== 'data') return undefined;
    const source = lookedUp(target);
    if (source && created(source)) return `${target.address}, which reads ${source.stack}/${source.address} (re)created by this change`;
    if (changes.get(keyOf(target))?.fields.some((f) => identityAttributes(target.type!).includes(attributePath(f.path)))) return `${target.address}, whose lookup now finds another object`;
    return undefined;
  };
  const causesIn = (h: TerraformBlock, value: unknown) => references(value).flatMap(([address, attribute]) => {
    const target = byKey.get(`${h.stack}/${address}`);
    const why = target && unknown(target, attribute);
    return why ? [{ target, why }] : [];
  });
  const dependents = new Map<string, Set<string>>();
  const depend = (target: TerraformBlock, on: TerraformBlock) => {
    const source = target.mode === 'data' ? lookedUp(target) ?? target : target;
    dependents.set(keyOf(source), (dependents.get(keyOf(source)) ?? new Set()).add(`${on.stack}/${on.address}`));
  };

  /**
   * Whether an item of `h`'s `lifecycle.replace_triggered_by` replaces it, as Terraform decides
   * (internal/terraform/eval_context_builtin.go, EvaluateReplaceTriggeredBy): a resource that is
   * updated or replaced (not created); an attribute whose value changes in such a plan. What only
   * the provider's plan can tell is said on the change that may trigger it, or on `h`'s own.
   */
  const triggered = (h: TerraformBlock, { item, address, attribute }: ReplaceTrigger, changing: boolean): { replaces: boolean; note: string } | undefined => {
    const by = `\`lifecycle.replace_triggered_by\` ${item}`;
    if (item.includes('${')) {
      return changing ? { replaces: false, note: `${by}: Terraform rejects it ("Invalid expression"): in JSON it takes a bare reference (type.name or type.name.attribute), while cdktf writes "\${...}" for a resource object; pass the reference as a string` } : undefined;
    }
    const target = address === undefined ? undefined : byKey.get(`${h.stack}/${address}`);
    if (!target) return changing ? { replaces: false, note: `${by}: not a resource of stack ${h.stack} the diff can follow; it cannot tell whether Terraform also replaces ${h.address}` } : undefined;
    const change = changes.get(keyOf(target));
    if (change?.action !== 'change' && change?.action !== 'replace') return undefined;
    const verb = change.action === 'replace' ? 'replaced' : 'updated';
    if (!attribute) return { replaces: true, note: `${by}: ${target.address} is ${verb}, so Terraform replaces ${h.address}` };
    const path = attributePath(attribute);
    const set = change.fields.some((f) => `${attributePath(f.path)}.`.startsWith(`${path}.`) || path.startsWith(`${attributePath(f.path)}.`));
    if (set || (change.action === 'replace' && unknown(target, path.split('.')[0]))) {
      return { replaces: true, note: `${by}: \`${attribute}\` changes as ${target.address} is ${verb}, so Terraform replaces ${h.address}` };
    }
    const maybe = `${h.address} has ${by}: if the provider's plan for this update changes \`${attribute}\`, Terraform also replaces ${h.address} (the diff cannot tell)`;
    if (change.action === 'change' && lookup(target.body, path) === undefined && !change.notes.includes(maybe)) change.notes.push(maybe);
    return undefined;
  };

  for (let progress = true; progress;) {
    progress = false;
    for (const h of head) {
      if (h.mode !== 'managed' || created(h)) continue;
      const previous = changes.get(keyOf(h));
      const fields = [...(previous?.fields ?? [])];
      const notes = [...(previous?.notes ?? [])];
      let replace = false;
      const forceNew = forceNewAttributes(h.type!);
      const ignored = unplanned(h);
      for (const attribute of Object.keys(h.body).filter((a) => !ignored(a))) {
        for (const { target, why } of causesIn(h, h.body[attribute])) {
          const forced = forceNew.find((entry) => entry === attribute || entry.startsWith(`${attribute}.`)
            && references(lookup(h.body, entry)).some(([address]) => address === target.address));
          if (forced) replace = true;
          if (notes.some((n) => n.startsWith(`\`${forced ?? attribute}\` refers to ${target.address},`))) continue;
          notes.push(`\`${forced ?? attribute}\` refers to ${why}: its value is known only after that apply, so Terraform ${forced ? `replaces ${h.address} too` : `updates ${h.address}`}`);
          if (!fields.some((f) => attributePath(f.path) === (forced ?? attribute))) {
            fields.push({ path: forced ?? attribute, action: 'change', before: lookup(h.body, forced ?? attribute), after: lookup(h.body, forced ?? attribute) });
          }
        }
      }
      // A provider configured from a replaced cluster (helm's kubernetes.host): its resources live in the old one.
      const provider = head.find((p) => p.stack === h.stack && p.kind === `provider.${h.type!.split('_')[0]}` && p.mode === 'other');
      const clusterGone = provider ? causesIn(provider, provider.body).filter(({ target }) => (target.mode === 'data' ? lookedUp(target) : target)?.type === 'google_container_cluster') : [];
      for (const { why } of clusterGone) {
        replace = true;
        notes.push(`installed through ${provider!.address}, configured from ${why}: it goes with the old cluster and is installed again in the new one`);
      }
      for (const trigger of replaceTriggers(h)) {
        const outcome = triggered(h, trigger, previous !== undefined);
        if (!outcome || notes.includes(outcome.note)) continue;
        if (outcome.replaces) replace = true;
        notes.push(outcome.note);
      }
      if (notes.length === (previous?.notes.length ?? 0)) continue;
      changes.set(keyOf(h), { action: replace ? 'replace' : previous?.action ?? 'change', block: h, fields, notes });
      progress = true;
    }
  }
  // Every reference counts here, known or not: a NAT refers to its router by name, and goes with it.
  for (const h of head) {
    if (h.mode !== 'managed') continue;
    const provider = head.find((p) => p.stack === h.stack && p.kind === `provider.${h.type!.split('_')[0]}`);
    const refs = [...references(Object.entries(h.body).filter(([a]) => !META.has(a))), ...(provider ? references(provider.body) : [])];
    for (const [address] of refs) {
      const target = byKey.get(`${h.stack}/${address}`);
      const source = target?.mode === 'data' ? lookedUp(target) : target;
      if (source && created(source)) depend(target!, h);
    }
  }
  for (const [key, on] of dependents) {
    const change = changes.get(key);
    if (change?.action !== 'replace') continue;
    change.notes.push(`depends on it: ${[...on].sort().join(', ')}`);
  }
  // prevent_destroy is read from the configuration: it guards a resource replaced at its address,
  // not one whose block is gone (removed, or renamed to another logical id).
  for (const change of changes.values()) {
    if (lifecycleOf(change.block).prevent_destroy !== true) continue;
    const renamed = change.fields.some((f) => f.path === LOGICAL_ID_FIELD);
    if (change.action === 'remove' || (change.action === 'replace' && renamed)) {
      change.notes.push('`lifecycle.prevent_destroy` does not stop this: it leaves with the block, and Terraform destroys what the old address held');
    } else if (change.action === 'replace') {
      change.notes.push('`lifecycle.prevent_destroy` is set: Terraform refuses this plan ("Instance cannot be destroyed") until the replacement is allowed or avoided');
    }
  }
}

interface ReplaceTrigger {
  /** The item as written. */
  readonly item: string;
  /** The resource it names (type.name), or undefined when the diff cannot read it. */
  readonly address?: string;
  /** The attribute path after the resource ('' for the whole resource). */
  readonly attribute: string;
}

/** A resource's `lifecycle.replace_triggered_by`: "google_x.name", "google_x.name.attribute", ... */
function replaceTriggers(block: TerraformBlock): ReplaceTrigger[] {
  const items = lifecycleOf(block).replace_triggered_by;
  return (Array.isArray(items) ? items : []).map((raw) => {
    const item = JSON.stringify(raw);
    const match = typeof raw === 'string' ? /^([a-z0-9_]+\.[\w-]+)(?:\[[^\]]*\])?(?:\.([\w.]+))?$/.exec(raw) : null;
    return match ? { item, address: match[1], attribute: match[2] ?? '' } : { item, attribute: '' };
  });
}

function lookup(body: Record<string, unknown>, attribute: string): unknown {
  return attribute.split('.').reduce<unknown>((value, key) => {
    const item = Array.isArray(value) ? value[0] : value;
    return item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
  }, body);
}
