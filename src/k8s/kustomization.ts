import { stringify } from 'yaml';

/**
 * The kustomize entry point for Argo CD / Flux, listing the manifests in apply order. It is named
 * `Kustomization` (a name kustomize, Argo CD and Flux accept) rather than kustomization.yaml so that
 * `kubectl apply -f dist/`, which reads only *.yaml/*.yml/*.json, does not try to apply it.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

export function renderKustomization(manifests: readonly string[]): string {
  return stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...manifests].sort(),
  });
}
