import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy } from '../../../imports/cert-manager.io';

export interface TlsCertificateProps {
  readonly name: string;
  readonly namespace: string;
  readonly secretName: string;
  readonly dnsNames: readonly string[];
  readonly clusterIssuer: string;
}

/** An explicit Certificate (not the Gateway shim), so dnsNames and secretName stay visible in review. */
export class TlsCertificate extends Construct {
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: TlsCertificateProps) {
    super(scope, id);
    this.secretName = props.secretName;
    new Certificate(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        secretName: props.secretName,
        dnsNames: [...props.dnsNames],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.clusterIssuer },
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
      },
    });
  }
}
