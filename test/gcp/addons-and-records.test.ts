import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { Release } from '@cdktf/provider-helm/lib/release';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/config/repo-root';
import { names } from '../../src/config/names';
import { dnsEndpointAdcCheckCommand } from '../../src/gcp/commands';
import { BASE_YAML, KEY_MODE_YAML, config, dataSources, resources, synthAll, type Synthesized } from './fixtures';

Testing.setupJest();

const wiConfig = config(BASE_YAML);
const wiNames = names(wiConfig);
let wi: Synthesized;
let key: Synthesized;

beforeAll(() => {
  wi = synthAll(wiConfig);
  key = synthAll(config(KEY_MODE_YAML));
});

/** The parsed Helm values of the release with this name. */
function values(s: Synthesized, release: string): any {
  const body = resources(s.json.addons, 'helm_release').find((r) => r.name === release);
  if (!body) throw new Error(`no release ${release}`);
  return body.values === undefined ? {} : parse(body.values[0]);
}

describe('addons stack', () => {
  test('snapshot', () => {
    expect(wi.text.addons).toMatchSnapshot();
  });

  test('pinned OCI charts, waited for, rolled back on failure', () => {
    expect(wi.text.addons).toHaveResourceWithProperties(Release, {
      name: 'cert-manager', repository: 'oci://quay.io/jetstack/charts', chart: 'cert-manager',
      version: 'v1.21.1', namespace: 'cert-manager', create_namespace: true, wait: true, atomic: true,
    });
    expect(wi.text.addons).toHaveResourceWithProperties(Release, {
      repository: 'oci://docker.io/envoyproxy', chart: 'gateway-helm',
      version: 'v1.9.0', namespace: 'envoy-gateway-system', create_namespace: true, wait: true, atomic: true,
    });
  });

  test('Helm reaches the DNS-based endpoint of the cluster looked up by name, with application-default credentials, no token in state', () => {
    const addons = wi.json.addons;
    expect(dataSources(addons, 'google_container_cluster')).toEqual([
      expect.objectContaining({ name: 'wti-ai-autopilot', location: 'us-central1', project: 'wti-ai-platform' }),
    ]);
    const [helm] = addons.provider.helm;
    expect(helm.kubernetes.host).toMatch(/^https:\/\/\$\{data\.google_container_cluster\.[^.]+\.control_plane_endpoints_config\[0\]\.dns_endpoint_config\[0\]\.endpoint\}$/);
    // The DNS endpoint's certificate is publicly trusted: no cluster CA (gcloud writes none for --dns-endpoint).
    expect(helm.kubernetes.cluster_ca_certificate).toBeUndefined();
    // Credentials come from the exec plugin at run time: no access token data source, nothing in state.
    expect(helm.kubernetes.token).toBeUndefined();
    // ADC, as CI has them (and as the Google provider uses), not gcloud's logged-in account.
    expect(helm.kubernetes.exec).toEqual({
      api_version: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin', args: ['--use_application_default_credentials'],
    });
    expect(addons.data.google_client_config).toBeUndefined();
    expect(JSON.stringify(addons)).not.toContain('terraform_remote_state');
  });

  test('cert-manager values: CRDs, Autopilot leader election, public resolvers, WI annotation with the GSA email', () => {
    const v = values(wi, 'cert-manager');
    expect(v.crds.enabled).toBe(true);
    expect(v.global.leaderElection.namespace).toBe('cert-manager');
    // The chart's own values (cert-manager v1.21.1 values.yaml), which its deployment template turns into
    // --enable-certificate-owner-ref=true, --dns01-recursive-nameservers-only=true and --dns01-recursive-nameservers=...
    expect(v).toMatchObject({ enableCertificateOwnerRef: true, dns01RecursiveNameserversOnly: true, dns01RecursiveNameservers: '8.8.8.8:53,1.1.1.1:53' });
    expect(v).not.toHaveProperty('extraArgs');
    expect(v.serviceAccount.name).toBe(wiNames.certManagerKsa);
    expect(v.serviceAccount.annotations).toEqual({ 'iam.gke.io/gcp-service-account': wiNames.dns01ServiceAccountEmail });
    // The KSA the binding trusts is the one the chart creates.
    expect(wiNames.workloadIdentityMember).toBe(`serviceAccount:wti-ai-platform.svc.id.goog[${wiConfig.addons.certManager.namespace}/${v.serviceAccount.name}]`);
  });

  test('key mode: no Workload Identity annotation, the Autopilot settings stay', () => {
    const v = values(key, 'cert-manager');
    expect(v.serviceAccount).not.toHaveProperty('annotations');
    expect(v.global.leaderElection.namespace).toBe('cert-manager');
  });

  test('the Envoy Gateway chart installs no CRDs in either mode: its subchart would bring the experimental channel', () => {
    expect(values(wi, 'eg')).toEqual({ crds: { enabled: false } });
    expect(values(key, 'eg')).toEqual({ crds: { enabled: false } });
  });

  test('the runbook checks, before the first deploy of addons, that the DNS endpoint takes the very token Helm will send', () => {
    const command = dnsEndpointAdcCheckCommand(wiConfig);
    const [helm] = wi.json.addons.provider.helm;
    // Same plugin, same flags as the Helm provider's exec block.
    expect(command).toContain(`TOKEN="$(${[helm.kubernetes.exec.command, ...helm.kubernetes.exec.args].join(' ')} | `);
    // Same endpoint the provider's host names (the cluster's dnsEndpointConfig.endpoint), same cluster.
    expect(helm.kubernetes.host).toContain('.control_plane_endpoints_config[0].dns_endpoint_config[0].endpoint}');
    expect(command).toContain("gcloud container clusters describe wti-ai-autopilot --location=us-central1 --project=wti-ai-platform --format='value(controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint)'");
    // An authenticated call that names the caller, failing on 401/403 (curl --fail-with-body).
    expect(command).toMatch(/curl --fail-with-body [^\n]*-X POST -H "Authorization: Bearer \$TOKEN"/);
    expect(command).toContain('"https://$ENDPOINT/apis/authentication.k8s.io/v1/selfsubjectreviews"');
    const runbook = fs.readFileSync(path.join(REPO_ROOT, 'docs/plans/infra/hello-envoy-certmanager-dns01.md'), 'utf8');
    const shown = command.split('\n').map((line) => runbook.indexOf(line.trim()));
    expect(shown.every((at) => at > 0)).toBe(true);
    expect(Math.max(...shown)).toBeLessThan(runbook.indexOf('npx cdktf deploy addons'));
    expect(runbook).toContain('`addons.helmCredentials: gcloud`');
  });

  test('helmCredentials: gcloud runs the auth plugin with gcloud\'s login instead of application-default credentials', () => {
    const gcloud = synthAll(config(`${BASE_YAML}addons:\n  helmCredentials: gcloud\n`)).json.addons;
    expect(gcloud.provider.helm[0].kubernetes.exec).toEqual({ api_version: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin' });
    expect(wiConfig.addons.helmCredentials).toBe('application-default');
    expect(() => config(`${BASE_YAML}addons:\n  helmCredentials: token\n`)).toThrow(/addons\.helmCredentials/);
  });
});

describe('dns-records stack', () => {
  test('snapshot', () => {
    expect(wi.text['dns-records']).toMatchSnapshot();
  });

  test('one A record per endpoint, trailing dot, ttl 300, pointing at the address data source', () => {
    const stack = wi.json['dns-records'];
    const [address] = Object.entries(stack.data.google_compute_address);
    expect(address[1]).toMatchObject({ name: wiNames.addressName, region: 'us-central1', project: 'wti-ai-platform' });
    const [zone] = Object.keys(stack.data.google_dns_managed_zone);
    expect(stack.data.google_dns_managed_zone[zone]).toMatchObject({ name: 'wti-net' });

    const records = resources(stack, 'google_dns_record_set');
    expect(records.map((r) => r.name).sort()).toEqual(['api.wti.net.', 'conductor.wti.net.']);
    expect(records.map((r) => r.name).sort()).toEqual(wiNames.endpoints.map((e) => e.recordName).sort());
    for (const r of records) {
      expect(r).toMatchObject({
        type: 'A',
        ttl: 300,
        rrdatas: [`\${data.google_compute_address.${address[0]}.address}`],
        managed_zone: `\${data.google_dns_managed_zone.${zone}.name}`,
      });
    }
    expect(wi.text['dns-records']).toHaveResourceWithProperties(DnsRecordSet, { name: 'conductor.wti.net.', type: 'A' });
  });

  test('no resources other than the records: the approval gate changes public DNS only', () => {
    expect(Object.keys(wi.json['dns-records'].resource)).toEqual(['google_dns_record_set']);
    expect(JSON.stringify(wi.json['dns-records'])).not.toContain('terraform_remote_state');
  });
});
