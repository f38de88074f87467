import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { DataGoogleContainerCluster } from '@cdktf/provider-google/lib/data-google-container-cluster';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import type { Config } from '../../config/schema';
import { ClusterAddons } from '../constructs/cluster-addons';
import { GcpStack } from './gcp-stack';

/**
 * Helm releases in the cluster. The cluster is looked up by name/location (no cross-stack
 * reference), and Helm authenticates with the caller's Google access token.
 */
export class AddonsStack extends GcpStack {
  constructor(scope: Construct, id: string, config: Config) {
    super(scope, id, { config });
    const client = new DataGoogleClientConfig(this, 'client');
    const cluster = new DataGoogleContainerCluster(this, 'cluster', {
      project: config.project.id,
      name: config.cluster.name,
      location: config.project.region,
    });
    new HelmProvider(this, 'helm', {
      kubernetes: {
        host: `https://${cluster.endpoint}`,
        token: client.accessToken,
        clusterCaCertificate: Fn.base64decode(cluster.masterAuth.get(0).clusterCaCertificate),
      },
    });
    new ClusterAddons(this, 'addons', { config });
  }
}
