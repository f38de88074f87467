import { Construct } from 'constructs';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { DataGoogleDnsManagedZone } from '@cdktf/provider-google/lib/data-google-dns-managed-zone';
import type { ITerraformDependable } from 'cdktf';
import type { Config } from '../../config/schema';
import type { Names } from '../../config/names';

export interface DnsZoneProps {
  readonly config: Config;
  readonly names: Names;
  readonly dependsOn: ITerraformDependable[];
}

/** The public Cloud DNS zone: created here, or (dns.createZone false) looked up and left untouched. */
export class DnsZone extends Construct {
  /** The zone resource name (cert-manager's hostedZoneName). */
  readonly zoneName: string;
  readonly nameServers: string[];
  /** Something to depend on when a grant must wait for the zone. */
  readonly zone: DnsManagedZone | DataGoogleDnsManagedZone;

  constructor(scope: Construct, id: string, props: DnsZoneProps) {
    super(scope, id);
    const { config, names, dependsOn } = props;
    this.zone = config.dns.createZone
      ? new DnsManagedZone(this, 'zone', {
        project: config.project.id,
        name: config.dns.zoneName,
        dnsName: names.dnsName,
        visibility: 'public',
        description: `Public zone for ${config.dns.domain}`,
        // Never delete records we did not create: destroy fails while foreign records remain.
        forceDestroy: false,
        dependsOn,
      })
      : new DataGoogleDnsManagedZone(this, 'zone', { project: config.project.id, name: config.dns.zoneName, dependsOn });
    this.zoneName = this.zone.name;
    this.nameServers = this.zone.nameServers;
  }
}
