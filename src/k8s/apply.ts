import type { Config } from '../config/schema';

// The one apply mode: server-side apply with a kubectl ApplySet. `kubectl apply --prune` with a label
// selector only prunes objects carrying the client-side last-applied annotation, so it misses what
// server-side apply (or Flux) created; an ApplySet prunes by the parent's record of what the last apply
// held (kubectl/pkg/cmd/apply/applyset.go at v0.33.13). Argo CD and Flux prune from their own inventory
// instead: Argo CD `syncPolicy.automated.prune: true` with `syncOptions: [ServerSideApply=true]`,
// Flux Kustomization `spec.prune: true` (Flux always applies server-side).

/**
 * The ApplySet's parent: a Secret (kubectl's default parent kind) in the gateway namespace, where
 * every namespaced object lives; the cluster-scoped objects join the set too. kubectl v1.33 requires a
 * namespaced parent to be named with --namespace, which must then be every object's namespace.
 */
export function applySetParent(environment: string): string {
  return `edge-${environment}`;
}

/**
 * Applies an environment's output folder and deletes what the previous apply held and this one does
 * not. The namespace is created first when missing: the parent Secret lives in it and is written
 * before any object. The Namespace itself is in the set but never leaves it: it holds the parent.
 */
export function applyCommands(config: Config, folder: string): string[] {
  const namespace = config.gateway.namespace;
  return [
    `kubectl get namespace ${namespace} >/dev/null 2>&1 || kubectl create namespace ${namespace}`,
    `KUBECTL_APPLYSET=true kubectl apply --server-side --applyset=${applySetParent(config.environment)} --namespace=${namespace} --prune -f ${folder}/`,
  ];
}
