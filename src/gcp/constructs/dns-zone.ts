import { Construct } from 'constructs';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { DataGoogleDnsManagedZone } from '@cdktf/provider-google/lib/data-google-dns-managed-zone';
import type { ITerraformDependable } from 'cdktf';

export interface DnsZoneProps {
  readonly projectId: string;
  /** The zone resource name (cert-manager's hostedZoneName), e.g. wti-net. */
  readonly name: string;
  /** The DNS name with its trailing dot, e.g. wti.net. */
  readonly dnsName: string;
  /** false: the zone exists already; it is looked up by name, never created or destroyed. Default true. */
  readonly create?: boolean;
  readonly description?: string;
  readonly dependsOn?: ITerraformDependable[];
}

/** A public Cloud DNS zone: created here, or looked up and left untouched. */
export class DnsZone extends Construct {
  /** The zone resource name (cert-manager's hostedZoneName). */
  readonly zoneName: string;
  readonly nameServers: string[];
  /** Something to depend on when a grant must wait for the zone. */
  readonly zone: DnsManagedZone | DataGoogleDnsManagedZone;

  constructor(scope: Construct, id: string, props: DnsZoneProps) {
    super(scope, id);
    const { projectId: project, name, dependsOn } = props;
    this.zone = props.create ?? true
      ? new DnsManagedZone(this, 'zone', {
        project,
        name,
        dnsName: props.dnsName,
        visibility: 'public',
        description: props.description,
        // Never delete records we did not create: destroy fails while foreign records remain.
        forceDestroy: false,
        dependsOn,
      })
      : new DataGoogleDnsManagedZone(this, 'zone', { project, name, dependsOn });
    this.zoneName = this.zone.name;
    this.nameServers = this.zone.nameServers;
  }
}
