import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { type Construct } from 'constructs';
import { GatewayClass } from '../../../imports/gateway.networking.k8s.io';
import type { Model } from '../../config/model';
import { ownerLabels } from '../labels';
import { AcmeDns01Issuer } from '../constructs/acme-dns01-issuer';

/** The controller name Envoy Gateway watches; its Helm chart creates no GatewayClass of its own. */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** Cluster-scoped objects and the namespace: applied first. */
export class ClusterChart extends Chart {
  constructor(scope: Construct, id: string, { config }: Model) {
    super(scope, id, { labels: ownerLabels(config.environment), disableResourceNameHashes: true });

    new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: config.gateway.namespace,
        // The placeholder meets the restricted Pod Security Standard; new workloads must too.
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    });

    new GatewayClass(this, 'GatewayClass', {
      metadata: { name: config.gateway.className },
      spec: { controllerName: ENVOY_GATEWAY_CONTROLLER },
    });

    const { dns01 } = config.tls;
    const keyRef = dns01.credentials === 'service-account-key' ? { ...dns01.keySecret } : undefined;
    for (const environment of ['production', 'staging'] as const) {
      new AcmeDns01Issuer(this, environment === 'production' ? 'ProductionIssuer' : 'StagingIssuer', {
        name: config.tls.issuers[environment],
        environment,
        email: config.tls.email,
        project: config.project.id,
        hostedZoneName: config.dns.zoneName,
        dnsZone: config.dns.domain,
        followCnames: config.dns.mode === 'acme-cname',
        serviceAccountSecretRef: keyRef,
      });
    }
  }
}
