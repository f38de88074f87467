import { ownerLabels } from './labels';

// Removing an endpoint removes its YAML; `kubectl apply` alone would leave its objects running.
// `kubectl apply --prune` deletes the objects that carry the selector's labels, are of an allowed
// kind and are not in the applied files. Argo CD (syncPolicy.automated.prune) and Flux
// (Kustomization spec.prune) do the same from their own inventory.

/**
 * Every kind the charts synthesize except Namespace: pruning a namespace deletes everything in it,
 * including Secrets of issued certificates and whatever else lives there, so it is removed by hand.
 * Group/version/kind as `kubectl apply --prune-allowlist` takes them (core for the core group).
 */
export const PRUNE_ALLOWLIST = [
  'core/v1/Service',
  'apps/v1/Deployment',
  'policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy',
  'cert-manager.io/v1/ClusterIssuer',
  'cert-manager.io/v1/Certificate',
  'gateway.networking.k8s.io/v1/GatewayClass',
  'gateway.networking.k8s.io/v1/Gateway',
  'gateway.networking.k8s.io/v1/HTTPRoute',
  'gateway.envoyproxy.io/v1alpha1/EnvoyProxy',
  'gateway.envoyproxy.io/v1alpha1/SecurityPolicy',
] as const;

/** Kinds applied but never pruned. */
export const NEVER_PRUNED = ['core/v1/Namespace'] as const;

/** The label selector of one environment's objects. */
export function pruneSelector(environment: string): string {
  return Object.entries(ownerLabels(environment)).filter(([key]) => key !== 'app.kubernetes.io/managed-by').map(([k, v]) => `${k}=${v}`).join(',');
}

/** Applies an environment's output folder and deletes what it no longer contains. */
export function pruneCommand(environment: string, folder: string): string {
  return [`kubectl apply -f ${folder}/ --prune -l ${pruneSelector(environment)}`, ...PRUNE_ALLOWLIST.map((k) => `--prune-allowlist=${k}`)].join(' \\\n  ');
}
