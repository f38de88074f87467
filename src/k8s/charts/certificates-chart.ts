import { Chart } from 'cdk8s';
import { type Construct } from 'constructs';
import type { Model } from '../../config/model';
import { constructId } from '../../config/names';
import { TlsCertificate } from '../constructs/tls-certificate';
import { ownerLabels } from '../labels';

/** The Certificates whose Secrets the Gateway's HTTPS listeners reference. */
export class CertificatesChart extends Chart {
  constructor(scope: Construct, id: string, { config, names: n }: Model) {
    super(scope, id, { labels: ownerLabels(config.environment), disableResourceNameHashes: true });
    for (const certificate of n.certificates) {
      new TlsCertificate(this, constructId('Certificate-', certificate.name), {
        name: certificate.name,
        namespace: config.gateway.namespace,
        secretName: certificate.secretName,
        dnsNames: certificate.dnsNames,
        clusterIssuer: n.activeIssuer,
      });
    }
  }
}
