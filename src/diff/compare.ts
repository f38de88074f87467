import { diffK8s } from './k8s-diff';
import { RISKS, type Change } from './model';
import { assessK8s, assessTerraform } from './risks';
import { diffTerraform } from './terraform-diff';
import type { EnvironmentOutput, SynthesizedTree } from './tree';

const EMPTY: Omit<EnvironmentOutput, 'environment'> = { k8s: [], gcp: [], moves: [] };

/**
 * Every change between two synthesized trees, environment by environment (an environment on one
 * side only is all added or all removed), risky changes first.
 */
export function compareTrees(base: SynthesizedTree, head: SynthesizedTree): Change[] {
  const environments = [...new Set([...base, ...head].map((e) => e.environment))].sort();
  const changes = environments.flatMap((env) => compareEnvironment(
    base.find((e) => e.environment === env) ?? { environment: env, ...EMPTY },
    head.find((e) => e.environment === env) ?? { environment: env, ...EMPTY },
  ));
  return sortChanges(changes);
}

function compareEnvironment(base: EnvironmentOutput, head: EnvironmentOutput): Change[] {
  const prefix = head.environment ? `${head.environment}:` : '';
  const k8s = diffK8s(base.k8s, head.k8s).map((c): Change => {
    const { risks, notes } = assessK8s(c);
    const o = c.object;
    return { half: 'k8s', action: c.action, kind: o.kind, name: `${prefix}${o.namespace ? `${o.namespace}/` : ''}${o.name}`, fields: c.fields, risks, notes };
  });
  const gcp = diffTerraform(base.gcp, head.gcp, head.moves).map((c): Change => {
    const { risks, notes } = assessTerraform(c);
    return { half: 'gcp', action: c.action, kind: c.block.kind, name: `${prefix}${c.block.stack}/${c.block.address}`, fields: c.fields, risks, notes: [...c.notes, ...notes] };
  });
  return [...k8s, ...gcp];
}

const severity = (c: Change) => Math.min(RISKS.length, ...c.risks.map((r) => RISKS.indexOf(r)));
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe risk first, then by half, kind and name: the same input always gives the same order. */
function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort((a, b) => severity(a) - severity(b) || compare(a.half, b.half) || compare(a.kind, b.kind) || compare(a.name, b.name) || compare(a.action, b.action));
}
