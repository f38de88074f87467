/** Labels on every synthesized object, so `kubectl get -l` finds what this repository owns. */
export const COMMON_LABELS = {
  'app.kubernetes.io/part-of': 'edge',
  'app.kubernetes.io/managed-by': 'cdk8s',
} as const;

/**
 * Labels Envoy Gateway puts on the proxy pods it runs for one Gateway (EG v1.9,
 * internal/infrastructure/kubernetes/proxy). The pods live in the controller namespace.
 */
export function envoyProxyPodLabels(gatewayNamespace: string, gatewayName: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'envoy',
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    'gateway.envoyproxy.io/owning-gateway-name': gatewayName,
    'gateway.envoyproxy.io/owning-gateway-namespace': gatewayNamespace,
  };
}
