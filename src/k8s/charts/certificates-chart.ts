import { Chart } from 'cdk8s';
import { type Construct } from 'constructs';
import { constructId, names } from '../../config/names';
import type { Config } from '../../config/schema';
import { TlsCertificate } from '../constructs/tls-certificate';
import { ownerLabels } from '../labels';

/** The Certificates whose Secrets the Gateway's HTTPS listeners reference. */
export class CertificatesChart extends Chart {
  constructor(scope: Construct, id: string, config: Config) {
    super(scope, id, { labels: ownerLabels(config.environment), disableResourceNameHashes: true });
    const n = names(config);
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
