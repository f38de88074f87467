import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import type { Config } from '../../config/schema';
import { certManagerValues, envoyGatewayValues, toValuesYaml } from '../helm-values';

export interface ClusterAddonsProps {
  readonly config: Config;
}

// Pinned versions; wait for readiness and roll back a failed install/upgrade instead of leaving it half done.
const RELEASE_DEFAULTS = { createNamespace: true, wait: true, atomic: true, cleanupOnFail: true, timeout: 600 } as const;

/** No values block at all when the chart defaults are used. */
const valuesList = (values: Record<string, unknown>) => (Object.keys(values).length > 0 ? [toValuesYaml(values)] : undefined);

/** cert-manager and Envoy Gateway, installed with Helm into the cluster the provider points at. */
export class ClusterAddons extends Construct {
  readonly certManager: Release;
  readonly envoyGateway: Release;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const { certManager, envoyGateway } = props.config.addons;

    this.certManager = new Release(this, 'cert-manager', {
      ...RELEASE_DEFAULTS,
      // Release name fixes the chart's KSA name (names(config).certManagerKsa).
      name: 'cert-manager',
      repository: 'oci://quay.io/jetstack/charts',
      chart: 'cert-manager',
      version: certManager.version,
      namespace: certManager.namespace,
      values: valuesList(certManagerValues(props.config)),
    });

    this.envoyGateway = new Release(this, 'envoy-gateway', {
      ...RELEASE_DEFAULTS,
      name: 'eg',
      repository: 'oci://docker.io/envoyproxy',
      chart: 'gateway-helm',
      version: envoyGateway.version,
      namespace: envoyGateway.namespace,
      values: valuesList(envoyGatewayValues(props.config)),
    });
  }
}
