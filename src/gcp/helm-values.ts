import { stringify } from 'yaml';
import type { Config } from '../config/schema';
import { names } from '../config/names';

// Helm values as plain objects (tested) and as YAML (what the release receives, reviewable in cdk.tf.json).

export function certManagerValues(config: Config): Record<string, unknown> {
  const n = names(config);
  const workloadIdentity = config.tls.dns01.credentials === 'workload-identity';
  return {
    crds: { enabled: true },
    // Autopilot locks kube-system, cert-manager's default leader-election namespace.
    global: { leaderElection: { namespace: config.addons.certManager.namespace } },
    serviceAccount: {
      // Pinned: the Workload Identity binding names this KSA.
      name: n.certManagerKsa,
      ...(workloadIdentity ? { annotations: { 'iam.gke.io/gcp-service-account': n.dns01ServiceAccountEmail } } : {}),
    },
    // Check TXT propagation against public resolvers only: the cluster's resolver may see a
    // different (split-horizon or cached) view of the zone.
    // A Certificate pruned with its endpoint takes its Secret (and private key) with it.
    extraArgs: ['--dns01-recursive-nameservers-only', '--dns01-recursive-nameservers=8.8.8.8:53,1.1.1.1:53', '--enable-certificate-owner-ref=true'],
  };
}

export function envoyGatewayValues(config: Config): Record<string, unknown> {
  // gateway-helm keeps all CRDs (Gateway API and Envoy Gateway) in one subchart behind `crds.enabled`;
  // it is all-or-nothing. With GKE owning the Gateway API CRDs, installing them again conflicts
  // (envoyproxy/gateway#2301, #9004), so the subchart is off and Envoy Gateway's own CRDs come from
  // gateway-crds-helm (crds.gatewayAPI.enabled=false, crds.envoyGateway.enabled=true): crdUpgradeCommand.
  return config.addons.envoyGateway.gatewayApiCrds === 'gke-managed' ? { crds: { enabled: false } } : {};
}

/** Deterministic YAML: insertion order as written above, no anchors. */
export function toValuesYaml(values: Record<string, unknown>): string {
  return stringify(values, { aliasDuplicateObjects: false, lineWidth: 0 });
}
