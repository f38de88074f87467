import type { EnvoyGatewayRelease } from '../config/releases';

/** Labels on every synthesized object, so `kubectl get -l` finds what this repository owns. */
export const COMMON_LABELS = {
  'app.kubernetes.io/part-of': 'edge',
  'app.kubernetes.io/managed-by': 'cdk8s',
} as const;

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
