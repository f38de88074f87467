import type { Config } from '../config/schema';
import { names } from '../config/names';

// Commands a person runs on purpose (approval gates); rendered here once so outputs and docs agree.
// Every interpolated value is validated by the config schema (no spaces or shell metacharacters).

/** Points kubectl at the cluster. */
export function getCredentialsCommand(config: Config): string {
  return `gcloud container clusters get-credentials ${config.cluster.name} --location=${config.project.region} --project=${config.project.id}`;
}

/**
 * Key mode only: creates the DNS-01 key and the Secret cert-manager reads, without the key ever
 * touching Terraform state or the repository (a temp file, shredded). Run after the addons stack
 * (it creates the cert-manager namespace).
 */
export function dns01KeyCommands(config: Config): string {
  const n = names(config);
  const { name, key } = config.tls.dns01.keySecret;
  return [
    getCredentialsCommand(config),
    'KEY_FILE="$(mktemp)"',
    `gcloud iam service-accounts keys create "$KEY_FILE" --iam-account=${n.dns01ServiceAccountEmail} --project=${config.project.id}`,
    `kubectl create secret generic ${name} -n ${config.addons.certManager.namespace} --from-file=${key}="$KEY_FILE"`,
    'shred -u "$KEY_FILE"',
  ].join('\n');
}

/**
 * gke-managed Gateway API CRDs only: installs Envoy Gateway's own CRDs (gateway.envoyproxy.io) before
 * the addons stack, as upstream prescribes (gateway-crds-helm rendered and applied server-side; the
 * CRDs are too large for a Helm release Secret).
 */
export function envoyGatewayCrdsCommand(config: Config): string {
  return [
    getCredentialsCommand(config),
    `helm template eg-crds oci://docker.io/envoyproxy/gateway-crds-helm --version ${config.addons.envoyGateway.version}`
      + ' --set crds.gatewayAPI.enabled=false --set crds.envoyGateway.enabled=true'
      + ' | kubectl apply --server-side -f -',
  ].join('\n');
}
