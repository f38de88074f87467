import type { Config } from '../config/schema';
import type { Model } from '../config/model';
import type { Names } from '../config/names';

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
export function dns01KeyCommands({ config, names: n }: Model): string {
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
 * Installs or upgrades the CRDs the Envoy Gateway release needs, before `cdktf deploy addons` on the
 * first install and after every change of addons.envoyGateway.version (the controller must find its
 * CRDs; Helm never upgrades CRDs). gateway-helm runs with crds.enabled=false (its subchart would install
 * Gateway API's experimental channel), so this is the one source: Envoy Gateway's CRDs, plus Gateway
 * API's standard channel (as pinned in crds/) unless GKE owns them. The same command at every step, so
 * no upgrade switches channel. Applied server-side from the pinned release's gateway-crds-helm chart
 * (keys crds.gatewayAPI.enabled/channel and crds.envoyGateway.enabled: charts/gateway-crds-helm/values.yaml
 * at v1.9.0), taking the fields over from any earlier owner (--force-conflicts), as its README prescribes.
 * cert-manager needs no such step: with crds.enabled its CRDs are chart templates, which every Helm
 * upgrade applies.
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

/**
 * dns mode: sends the token the addons stack's Helm provider uses (gke-gcloud-auth-plugin
 * --use_application_default_credentials) to the cluster's DNS-based endpoint and prints who the API
 * server says it is (a SelfSubjectReview, authentication.k8s.io/v1). gcloud refuses to write such a
 * kubeconfig (--dns-endpoint with container/use_application_default_credentials), so this checks the
 * pair directly before the first `deploy addons`. A 401 or 403 fails the command (curl --fail).
 */
export function dnsEndpointAdcCheckCommand(config: Config): string {
  const describe = `gcloud container clusters describe ${config.cluster.name} --location=${config.project.region} --project=${config.project.id}`;
  return [
    `ENDPOINT="$(${describe} --format='value(controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint)')"`,
    'TOKEN="$(gke-gcloud-auth-plugin --use_application_default_credentials | node -pe \'JSON.parse(require("fs").readFileSync(0, "utf8")).status.token\')"',
    'curl --fail-with-body -sS -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\',
    '  -d \'{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}\' "https://$ENDPOINT/apis/authentication.k8s.io/v1/selfsubjectreviews"',
  ].join('\n');
}

/** acme-cname mode: the CNAMEs to create where the parent domain is served (zone-file notation). */
export function acmeChallengeCnameRecords(names: Pick<Names, 'acmeChallengeCnames'>): string {
  return names.acmeChallengeCnames.map((c) => `${c.name} 300 IN CNAME ${c.target}`).join('\n');
}
