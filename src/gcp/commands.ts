import type { Config } from '../config/schema';
import { names } from '../config/names';
import { ENVOY_GATEWAY_RELEASES } from '../config/releases';

// Commands a person runs on purpose (approval gates); rendered here once so outputs and docs agree.
// Every interpolated value is validated by the config schema (no spaces or shell metacharacters).

/** Points kubectl at the cluster, through the endpoint the config opens (DNS-based by default). */
export function getCredentialsCommand(config: Config): string {
  const dns = config.cluster.controlPlane.access === 'dns' ? ' --dns-endpoint' : '';
  return `gcloud container clusters get-credentials ${config.cluster.name} --location=${config.project.region} --project=${config.project.id}${dns}`;
}

/**
 * Key mode only: creates the DNS-01 key and the Secret cert-manager reads, without the key ever
 * touching Terraform state or the repository. Run after the addons stack (it creates the
 * cert-manager namespace). Idempotent: with the Secret already there it creates no second key (use
 * the runbook's key rotation to replace it); if the Secret cannot be created, the new key is deleted
 * again. Portable (bash/zsh on Linux and macOS): a private temp directory removed with rm, no shred
 * (absent on macOS, and no guarantee on journaling or flash file systems anyway).
 */
export function dns01KeyCommands(config: Config): string {
  const n = names(config);
  const { name, key } = config.tls.dns01.keySecret;
  const namespace = config.addons.certManager.namespace;
  const account = `--iam-account=${n.dns01ServiceAccountEmail} --project=${config.project.id}`;
  return [
    getCredentialsCommand(config),
    `if kubectl get secret ${name} -n ${namespace} >/dev/null 2>&1; then`,
    `  echo "Secret ${namespace}/${name} exists: no new key created (to replace it, follow the key rotation steps)"`,
    'else',
    '  KEY_DIR="$(mktemp -d)"',
    `  gcloud iam service-accounts keys create "$KEY_DIR/${key}" ${account}`,
    `  kubectl create secret generic ${name} -n ${namespace} --from-file=${key}="$KEY_DIR/${key}" \\`,
    `    || gcloud iam service-accounts keys delete "$(sed -n 's/.*"private_key_id": *"\\([0-9a-f]*\\)".*/\\1/p' "$KEY_DIR/${key}")" ${account} --quiet`,
    '  rm -rf "$KEY_DIR"',
    'fi',
  ].join('\n');
}

/**
 * Installs or upgrades the CRDs Helm installs once and never upgrades (a chart's crds/ folder): Envoy
 * Gateway's, and Gateway API's unless GKE owns them (in gke-managed mode also the first install,
 * before the addons stack: the chart runs with crds.enabled=false). Applied server-side from the pinned release's
 * gateway-crds-helm chart, taking the fields over from Helm (--force-conflicts), as Envoy Gateway's
 * upgrade notes prescribe. Run it after changing addons.envoyGateway.version and before
 * `cdktf deploy addons`: a new controller must find its CRDs. cert-manager needs no such step: with
 * crds.enabled its CRDs are chart templates, which every Helm upgrade applies.
 */
export function crdUpgradeCommand(config: Config): string {
  const { version, gatewayApiCrds } = config.addons.envoyGateway;
  const gatewayApi = gatewayApiCrds === 'install'
    ? ' --set crds.gatewayAPI.enabled=true --set crds.gatewayAPI.channel=standard'
    : ' --set crds.gatewayAPI.enabled=false';
  return [
    getCredentialsCommand(config),
    `helm template eg-crds oci://docker.io/envoyproxy/gateway-crds-helm --version ${version}${gatewayApi} --set crds.envoyGateway.enabled=true`
      + ' | kubectl apply --server-side --force-conflicts -f -',
  ].join('\n');
}

/** The Gateway API bundle the configured Envoy Gateway release needs (src/config/releases.ts). */
export function gatewayApiBundleVersion(config: Config): string {
  return ENVOY_GATEWAY_RELEASES[config.addons.envoyGateway.version].gatewayApi;
}

/**
 * Prints the bundle version of the Gateway API CRDs in the cluster (upstream CRDs carry it in the
 * gateway.networking.k8s.io/bundle-version annotation). Before `addons`: in install mode there must
 * be none (GKE's Gateway API is disabled); in gke-managed mode at least gatewayApiBundleVersion().
 */
export function gatewayApiCrdCheckCommand(): string {
  return "kubectl get crd gateways.gateway.networking.k8s.io -o jsonpath='{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}'";
}

/** acme-cname mode: the CNAMEs to create where the parent domain is served (zone-file notation). */
export function acmeChallengeCnameRecords(config: Config): string {
  return names(config).acmeChallengeCnames.map((c) => `${c.name} 300 IN CNAME ${c.target}`).join('\n');
}
