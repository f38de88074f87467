import { stringify } from 'yaml';
import type { Model } from '../config/model';

// Helm values as plain objects (tested) and as YAML (what the release receives, reviewable in cdk.tf.json).

/** Public resolvers cert-manager asks whether a DNS-01 TXT record has propagated. */
const DNS01_RECURSIVE_NAMESERVERS = '8.8.8.8:53,1.1.1.1:53';

export function certManagerValues({ config, names: n }: Model): Record<string, unknown> {
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
    // The chart's own values for these flags (cert-manager v1.21.1 deploy/charts/cert-manager/values.yaml
    // and templates/deployment.yaml render them as --enable-certificate-owner-ref=true,
    // --dns01-recursive-nameservers-only=true, --dns01-recursive-nameservers=...).
    // A Certificate pruned with its endpoint takes its Secret (and private key) with it.
    enableCertificateOwnerRef: true,
    // Check TXT propagation against public resolvers only: the cluster's resolver may see a
    // different (split-horizon or cached) view of the zone.
    dns01RecursiveNameservers: DNS01_RECURSIVE_NAMESERVERS,
    dns01RecursiveNameserversOnly: true,
  };
}

export function envoyGatewayValues(): Record<string, unknown> {
  // gateway-helm v1.9.0 keeps all CRDs in one subchart behind `crds.enabled`, and its Gateway API CRDs
  // are the experimental channel (charts/gateway-helm/charts/crds/crds/gatewayapi-crds.yaml), while
  // crds/ pins the standard channel. So the subchart is off in every mode: the CRDs come from
  // gateway-crds-helm at the same version (crdUpgradeCommand in src/gcp/commands.ts), standard channel
  // or none (GKE owns them), the same command on first install and on every upgrade. Not a second
  // helm_release: the chart's README says to `helm template | kubectl apply --server-side` because of
  // Helm's release size limit with large CRDs in templates/ (helm/helm#12277).
  return { crds: { enabled: false } };
}

/** Deterministic YAML: insertion order as written above, no anchors. */
export function toValuesYaml(values: Record<string, unknown>): string {
  return stringify(values, { aliasDuplicateObjects: false, lineWidth: 0 });
}
