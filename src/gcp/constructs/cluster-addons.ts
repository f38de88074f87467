import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { toValuesYaml } from '../helm-values';

/** One pinned chart release: where it goes and the values it gets. */
export interface AddonRelease {
  readonly version: string;
  readonly namespace: string;
  /** Chart values; empty means the chart defaults (no values block at all). */
  readonly values?: Record<string, unknown>;
}

export interface ClusterAddonsProps {
  readonly certManager: AddonRelease;
  readonly envoyGateway: AddonRelease;
}

// Pinned versions; wait for readiness and roll back a failed install/upgrade instead of leaving it half done.
const RELEASE_DEFAULTS = { createNamespace: true, wait: true, atomic: true, cleanupOnFail: true, timeout: 600 } as const;

/** No values block at all when the chart defaults are used. */
const valuesList = (values: Record<string, unknown> = {}) => (Object.keys(values).length > 0 ? [toValuesYaml(values)] : undefined);

/** cert-manager and Envoy Gateway, installed with Helm into the cluster the provider points at. */
export class ClusterAddons extends Construct {
  readonly certManager: Release;
  readonly envoyGateway: Release;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const { certManager, envoyGateway } = props;

    this.certManager = new Release(this, 'cert-manager', {
      ...RELEASE_DEFAULTS,
      // Release name fixes the chart's KSA name (Names.certManagerKsa, src/config/names.ts).
      name: 'cert-manager',
      repository: 'oci://quay.io/jetstack/charts',
      chart: 'cert-manager',
      version: certManager.version,
      namespace: certManager.namespace,
      values: valuesList(certManager.values),
    });

    this.envoyGateway = new Release(this, 'envoy-gateway', {
      ...RELEASE_DEFAULTS,
      name: 'eg',
      repository: 'oci://docker.io/envoyproxy',
      chart: 'gateway-helm',
      version: envoyGateway.version,
      namespace: envoyGateway.namespace,
      values: valuesList(envoyGateway.values),
    });
  }
}
