import { DEFAULT_ENVIRONMENT, distFolder } from '../config/environment-names';
import { applySetParent } from '../k8s/apply';
import { diffK8s } from './k8s-diff';
import { RISKS, type Change } from './model';
import { assessK8s, assessTerraform, describeValue } from './risks';
import { diffTerraform } from './terraform-diff';
import type { EnvironmentOutput, SynthesizedTree, TerraformBlock } from './tree';

/** The runbook section on removing an environment, which the removal finding points to. */
const REMOVAL_PROCEDURE = 'docs/plans/infra/hello-envoy-certmanager-dns01.md#removing-an-environment';
/** The runbook section on moving the edge objects to another namespace. */
const NAMESPACE_PROCEDURE = 'docs/plans/infra/hello-envoy-certmanager-dns01.md#moving-the-gateway-namespace';

/**
 * Every change between two synthesized trees, environment by environment, risky changes first.
 * Terraform identifies a resource by its state location and address, not by the stack's name: an
 * environment renamed (another file, same cluster, so the same state) is compared with what it was.
 * An environment no longer configured is one finding: nothing in the change destroys its resources.
 */
export function compareTrees(base: SynthesizedTree, head: SynthesizedTree): Change[] {
  const pairs = pairEnvironments(base, head);
  const changes = [...pairs].flatMap(([b, h]) => {
    if (!h) return b ? [removedEnvironment(b)] : [];
    return compareEnvironment(b ? renameStacks(b, h) : { environment: h.environment, k8s: [], gcp: [], moves: [], states: {} }, h);
  });
  return sortChanges(changes);
}

/** Base environment -> head environment (undefined: removed); head environments with no base map from undefined. */
function pairEnvironments(base: SynthesizedTree, head: SynthesizedTree): [EnvironmentOutput | undefined, EnvironmentOutput | undefined][] {
  const baseNames = new Set(base.map((e) => e.environment));
  const taken = new Set<string>();
  const pairs: [EnvironmentOutput | undefined, EnvironmentOutput | undefined][] = base.map((b) => {
    const same = head.find((h) => h.environment === b.environment);
    if (same) return [b, same];
    const locations = new Set(Object.values(b.states));
    const renamed = head.find((h) => !baseNames.has(h.environment) && !taken.has(h.environment) && Object.values(h.states).some((l) => locations.has(l)));
    if (renamed) taken.add(renamed.environment);
    return [b, renamed];
  });
  const paired = new Set(pairs.map(([, h]) => h?.environment));
  return [...pairs, ...head.filter((h) => !paired.has(h.environment)).map((h) => [undefined, h] as [undefined, EnvironmentOutput])];
}

/** The base's blocks under the head's names of the stacks with the same state location. */
function renameStacks(base: EnvironmentOutput, head: EnvironmentOutput): EnvironmentOutput {
  const byLocation = new Map(Object.entries(head.states).map(([stack, location]) => [location, stack]));
  const rename = (stack: string) => {
    const location = base.states[stack];
    return (location !== undefined && byLocation.get(location)) || stack;
  };
  return {
    ...base,
    gcp: base.gcp.map((b): TerraformBlock => ({ ...b, stack: rename(b.stack) })),
    moves: base.moves.map((m) => ({ ...m, stack: rename(m.stack) })),
  };
}

function removedEnvironment(env: EnvironmentOutput): Change {
  const resources = env.gcp.filter((b) => b.mode === 'managed').length;
  const stacks = Object.keys(env.states).sort();
  return {
    half: 'environment',
    action: 'remove',
    kind: 'environment',
    name: env.environment,
    fields: [],
    risks: [],
    notes: [
      `no longer configured: its ${resources} Terraform resources${stacks.length > 0 ? ` (stacks ${stacks.join(', ')})` : ''} and ${env.k8s.length} Kubernetes objects keep running until destroyed; this change destroys nothing, and without the config file its stacks can no longer be synthesized to destroy them`,
      `remove an environment in this order: destroy its stacks (dns-records, addons, platform), then delete its config file and ${distFolder(env.environment)}/ (${REMOVAL_PROCEDURE}); if that was done, nothing is left behind`,
    ],
  };
}

function compareEnvironment(base: EnvironmentOutput, head: EnvironmentOutput): Change[] {
  const prefix = head.environment === DEFAULT_ENVIRONMENT ? '' : `${head.environment}:`;
  const moved = namespaceMove(base, head);
  const k8s = diffK8s(base.k8s, head.k8s).map((c, _, all): Change => {
    const { risks, notes } = assessK8s(c, all);
    const o = c.object;
    // Not pruned by the new ApplySet: the finding below says what removes them.
    const inOld = moved && (o.namespace === moved.from || (o.kind === 'Namespace' && o.name === moved.from));
    const kept = inOld && c.action === 'remove'
      ? notes.map((n) => (n.startsWith('destroy: ') ? `destroy: ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} is no longer synthesized, and the apply in namespace ${moved.to} does not prune it: it keeps running until namespace ${moved.from} is deleted` : n))
      : notes;
    return { half: 'k8s', action: c.action, kind: o.kind, name: `${prefix}${o.namespace ? `${o.namespace}/` : ''}${o.name}`, fields: c.fields, risks, notes: kept };
  });
  if (moved) {
    const left = base.k8s.filter((o) => o.namespace === moved.from).length;
    const parent = applySetParent(head.environment);
    k8s.push({
      half: 'environment', action: 'change', kind: 'ApplySet', name: `${prefix}${parent}`,
      fields: [{ path: 'metadata.namespace', action: 'change', before: moved.from, after: moved.to }], risks: [],
      notes: [
        `the gateway namespace moves from ${moved.from} to ${moved.to}, and with it the parent of the ApplySet ${parent} that applies ${distFolder(head.environment)}/ (src/k8s/apply.ts): the apply in ${moved.to} is another ApplySet, which does not prune the ${left} objects applied in ${moved.from}; they keep running, and the old Gateway keeps the static IP`,
        `apply the new output, then delete namespace ${moved.from}: the new Gateway takes the address once the old one is gone (${NAMESPACE_PROCEDURE})`,
      ],
    });
  }
  const describe = (value: unknown) => describeValue(value, head.gcp);
  const gcp = diffTerraform(base.gcp, head.gcp, head.moves).map((c): Change => {
    const { risks, notes } = assessTerraform(c, describe);
    return { half: 'gcp', action: c.action, kind: c.block.kind, name: `${prefix}${c.block.stack}/${c.block.address}`, fields: c.fields, risks, notes: [...c.notes, ...notes] };
  });
  return [...k8s, ...gcp];
}

/** The gateway namespace of each side (where the ApplySet's parent lives), when it changes. */
function namespaceMove(base: EnvironmentOutput, head: EnvironmentOutput): { from: string; to: string } | undefined {
  const namespaceOf = (env: EnvironmentOutput) => env.k8s.find((o) => o.kind === 'Gateway')?.namespace;
  const [from, to] = [namespaceOf(base), namespaceOf(head)];
  return from && to && from !== to ? { from, to } : undefined;
}

const severity = (c: Change) => Math.min(RISKS.length, ...c.risks.map((r) => RISKS.indexOf(r)));
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** A removed environment first: it outweighs any single change. */
const weight = (c: Change) => (c.half === 'environment' ? -1 : severity(c));

/** Most severe risk first, then by half, kind and name: the same input always gives the same order. */
function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort((a, b) => weight(a) - weight(b) || compare(a.half, b.half) || compare(a.kind, b.kind) || compare(a.name, b.name) || compare(a.action, b.action));
}
