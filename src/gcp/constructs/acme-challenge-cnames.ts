import { constructId } from '../../config/names';
import { Construct } from 'constructs';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { DataGoogleDnsManagedZone } from '@cdktf/provider-google/lib/data-google-dns-managed-zone';
import type { ITerraformDependable } from 'cdktf';

export interface AcmeChallengeCnamesProps {
  readonly projectId: string;
  /** The existing zone serving the parent domain (read by name, never managed here). */
  readonly parentZoneName: string;
  /** Per hostname: a construct id, `_acme-challenge.<host>.` and its target in the challenge zone, both with trailing dots. */
  readonly cnames: readonly { readonly id: string; readonly name: string; readonly target: string }[];
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * acme-cname mode with the parent domain in Cloud DNS: one CNAME per hostname from
 * `_acme-challenge.<host>` into the challenge zone. cert-manager follows it (solver cnameStrategy:
 * Follow) and writes the TXT record only in the challenge zone, the one zone its identity may edit.
 * Nothing else in the parent zone is touched; a name that already has records makes the create fail.
 */
export class AcmeChallengeCnames extends Construct {
  readonly records: DnsRecordSet[];

  constructor(scope: Construct, id: string, props: AcmeChallengeCnamesProps) {
    super(scope, id);
    const zone = new DataGoogleDnsManagedZone(this, 'parent-zone', { project: props.projectId, name: props.parentZoneName, dependsOn: props.dependsOn });
    this.records = props.cnames.map((c) => new DnsRecordSet(this, constructId('cname-', c.id), {
      project: props.projectId,
      managedZone: zone.name,
      name: c.name,
      type: 'CNAME',
      ttl: 300,
      rrdatas: [c.target],
    }));
  }
}
