import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { DataGoogleContainerCluster } from '@cdktf/provider-google/lib/data-google-container-cluster';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import type { Model } from '../../config/model';
import { ClusterAddons } from '../constructs/cluster-addons';
import { certManagerValues, envoyGatewayValues } from '../helm-values';
import { GcpStack } from './gcp-stack';

/**
 * Helm releases in the cluster. The cluster is looked up by name/location (no cross-stack
 * reference). Helm authenticates through gke-gcloud-auth-plugin at run time, so no access token
 * is ever read into Terraform state (a google_client_config token would be stored there).
 */
export class AddonsStack extends GcpStack {
  constructor(scope: Construct, model: Model) {
    super(scope, { model, kind: 'addons' });
    const { config } = model;
    const cluster = new DataGoogleContainerCluster(this, 'cluster', {
      project: config.project.id,
      name: config.cluster.name,
      location: config.project.region,
    });
    const endpoint = config.cluster.controlPlane.access === 'dns'
      // The DNS-based endpoint presents a publicly trusted certificate: no cluster CA (gcloud writes
      // none for --dns-endpoint either: googlecloudsdk api_lib/container/kubeconfig.py).
      ? { host: `https://${cluster.controlPlaneEndpointsConfig.get(0).dnsEndpointConfig.get(0).endpoint}` }
      : { host: `https://${cluster.endpoint}`, clusterCaCertificate: Fn.base64decode(cluster.masterAuth.get(0).clusterCaCertificate) };
    new HelmProvider(this, 'helm', {
      kubernetes: {
        ...endpoint,
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'gke-gcloud-auth-plugin',
          // application-default: the credentials the Google provider uses (what CI has); gcloud: gcloud's
          // logged-in account, as kubectl uses it (kubernetes/cloud-provider-gcp cmd/gke-gcloud-auth-plugin
          // cred.go). Both send a Google OAuth access token; the runbook checks the pair first.
          args: config.addons.helmCredentials === 'application-default' ? ['--use_application_default_credentials'] : undefined,
        },
      },
    });
    const { certManager, envoyGateway } = config.addons;
    new ClusterAddons(this, 'addons', {
      certManager: { version: certManager.version, namespace: certManager.namespace, values: certManagerValues(model) },
      envoyGateway: { version: envoyGateway.version, namespace: envoyGateway.namespace, values: envoyGatewayValues() },
    });
  }
}
