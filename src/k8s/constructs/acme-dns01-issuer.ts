import { Construct } from 'constructs';
import { ClusterIssuer, ClusterIssuerSpecAcmeSolversDns01CnameStrategy as CnameStrategy } from '../../../imports/cert-manager.io';

const ACME_SERVERS = {
  production: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

export interface AcmeDns01IssuerProps {
  readonly name: string;
  readonly environment: keyof typeof ACME_SERVERS;
  readonly email?: string;
  /** GCP project holding the Cloud DNS zone. */
  readonly project: string;
  /** The Cloud DNS zone resource name: with it cert-manager never lists zones, so a zone-scoped grant suffices. */
  readonly hostedZoneName: string;
  /** The DNS domain the solver answers for. */
  readonly dnsZone: string;
  /**
   * true: follow `_acme-challenge.<host>` CNAMEs and write the TXT record at their target, in
   * hostedZoneName (acme-cname mode: the parent domain is served elsewhere). Default false.
   */
  readonly followCnames?: boolean;
  /** Key mode only: the Secret (in cert-manager's namespace) holding the service account key. Unset = Workload Identity. */
  readonly serviceAccountSecretRef?: { readonly name: string; readonly key: string };
}

/** A Let's Encrypt ClusterIssuer answering DNS-01 challenges in Google Cloud DNS. */
export class AcmeDns01Issuer extends Construct {
  readonly issuerName: string;

  constructor(scope: Construct, id: string, props: AcmeDns01IssuerProps) {
    super(scope, id);
    this.issuerName = props.name;
    new ClusterIssuer(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        acme: {
          server: ACME_SERVERS[props.environment],
          email: props.email,
          // Each environment keeps its own ACME account key.
          privateKeySecretRef: { name: `${props.name}-account-key` },
          solvers: [{
            selector: { dnsZones: [props.dnsZone] },
            dns01: {
              cnameStrategy: props.followCnames ? CnameStrategy.FOLLOW : undefined,
              cloudDns: {
                project: props.project,
                hostedZoneName: props.hostedZoneName,
                serviceAccountSecretRef: props.serviceAccountSecretRef,
              },
            },
          }],
        },
      },
    });
  }
}
