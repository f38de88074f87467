import type { EnvoyGatewayRelease } from '../config/releases';

/**
 * Labels on every synthesized object: `kubectl get -l` finds what this repository owns, and which
 * environment made it (pruning is the ApplySet's: src/k8s/apply.ts).
 */
export function ownerLabels(environment: string): Record<string, string> {
  return {
    'app.kubernetes.io/part-of': 'edge',
    'app.kubernetes.io/managed-by': 'cdk8s',
    'app.kubernetes.io/instance': environment,
  };
}

/**
 * Labels the given Envoy Gateway release puts on the proxy pods it runs for one Gateway (see
 * src/config/releases.ts). The pods live in the controller namespace.
 */
export function envoyProxyPodLabels(release: EnvoyGatewayRelease, gatewayNamespace: string, gatewayName: string): Record<string, string> {
  return {
    ...release.proxyPodLabels,
    [release.owningGatewayNameLabel]: gatewayName,
    [release.owningGatewayNamespaceLabel]: gatewayNamespace,
  };
}
