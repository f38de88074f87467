import pinnedCrds from '../../crds/index.json';

// Upstream releases this repository is pinned to. crds/index.json is the one place the versions are
// written: the CRD schemas (crds/), the generated classes (imports/) and the Helm chart versions all
// follow it, so an upgrade is one command (npm run crds:update -- --set <component>=<version>).

export type Component = 'gateway-api' | 'cert-manager' | 'envoy-gateway';

/** The pinned version of each component, e.g. PINNED['envoy-gateway'] === 'v1.9.0'. */
export const PINNED = Object.fromEntries(pinnedCrds.releases.map((r) => [r.component, r.version])) as Record<Component, string>;

/** The command that moves a component's pins (schemas, then classes) to another release. */
export function upgradeCommand(component: Component, version: string): string {
  return `npm run crds:update -- --set ${component}=${version} && npm run import`;
}

/** What the rest of the repository relies on in one Envoy Gateway release. */
export interface EnvoyGatewayRelease {
  /** The Gateway API release whose CRDs the chart bundles (and the controller needs). */
  readonly gatewayApi: string;
  /** Labels Envoy Gateway puts on every proxy pod, besides the owning-gateway labels. */
  readonly proxyPodLabels: Readonly<Record<string, string>>;
  /** Label keys naming the Gateway a proxy pod serves. */
  readonly owningGatewayNameLabel: string;
  readonly owningGatewayNamespaceLabel: string;
}

/**
 * Releases whose proxy pod labels were read in the Envoy Gateway source at the tag (the proxy
 * infrastructure under internal/infrastructure/kubernetes/proxy, and the owning-gateway label
 * constants in internal/gatewayapi). A new release is added here after checking the same places:
 * the placeholder's NetworkPolicy admits only pods with exactly these labels.
 */
export const ENVOY_GATEWAY_RELEASES: Readonly<Record<string, EnvoyGatewayRelease>> = {
  'v1.9.0': {
    gatewayApi: 'v1.6.1',
    proxyPodLabels: {
      'app.kubernetes.io/name': 'envoy',
      'app.kubernetes.io/component': 'proxy',
      'app.kubernetes.io/managed-by': 'envoy-gateway',
    },
    owningGatewayNameLabel: 'gateway.envoyproxy.io/owning-gateway-name',
    owningGatewayNamespaceLabel: 'gateway.envoyproxy.io/owning-gateway-namespace',
  },
};
