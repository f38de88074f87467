import { Construct } from 'constructs';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { DataGoogleDnsManagedZone } from '@cdktf/provider-google/lib/data-google-dns-managed-zone';
import { DataGoogleDnsKeys } from '@cdktf/provider-google/lib/data-google-dns-keys';
import { Fn, TerraformIterator, Token, type ITerraformDependable } from 'cdktf';

export interface DnsZoneProps {
  readonly projectId: string;
  /** The zone resource name (cert-manager's hostedZoneName), e.g. wti-net. */
  readonly name: string;
  /** The DNS name with its trailing dot, e.g. wti.net. */
  readonly dnsName: string;
  /** false: the zone exists already; it is looked up by name, never created or destroyed. Default true. */
  readonly create?: boolean;
  /** DNSSEC signing of a created zone (state on/off, updatable in place). Default false. */
  readonly dnssec?: boolean;
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
  /** With DNSSEC: the DS record(s) of the active key-signing key, for the registrar or parent zone. */
  readonly dsRecords?: string;

  constructor(scope: Construct, id: string, props: DnsZoneProps) {
    super(scope, id);
    const { projectId: project, name, dependsOn } = props;
    const dnssec = props.dnssec ?? false;
    this.zone = props.create ?? true
      ? new DnsManagedZone(this, 'zone', {
        project,
        name,
        dnsName: props.dnsName,
        visibility: 'public',
        description: props.description,
        // Never delete records we did not create: destroy fails while foreign records remain.
        forceDestroy: false,
        // Always explicit, so turning it off is a visible change (a published DS record must go first).
        dnssecConfig: { state: dnssec ? 'on' : 'off' },
        dependsOn,
      })
      : new DataGoogleDnsManagedZone(this, 'zone', { project, name, dependsOn });
    this.zoneName = this.zone.name;
    this.nameServers = this.zone.nameServers;
    if (dnssec && this.zone instanceof DnsManagedZone) {
      // google_dns_keys (provider v6.50.0 data_source_dns_keys.go) computes ds_record per key-signing key.
      const keys = new DataGoogleDnsKeys(this, 'keys', { project, managedZone: this.zone.id });
      const active = TerraformIterator.fromList(keys.keySigningKeys).forExpressionForList('val.ds_record if val.is_active');
      this.dsRecords = Fn.join('\n', Token.asList(active));
    }
  }
}
