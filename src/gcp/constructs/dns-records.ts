import { constructId } from '../../config/names';
import { Construct } from 'constructs';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { DataGoogleComputeAddress } from '@cdktf/provider-google/lib/data-google-compute-address';
import { DataGoogleDnsManagedZone } from '@cdktf/provider-google/lib/data-google-dns-managed-zone';

export interface DnsRecordsProps {
  readonly projectId: string;
  readonly region: string;
  /** The reserved address, read by name (no cross-stack reference). */
  readonly addressName: string;
  /** The pinned IP (gateway.address.ip): the records use it as written, the value the Service gets. */
  readonly ip?: string;
  /** The Cloud DNS zone (resource name) holding the records, read by name. Unset: no records, only `address`. */
  readonly zoneName?: string;
  /** One A record each: a construct id and the fully qualified name with its trailing dot. */
  readonly records: readonly { readonly id: string; readonly name: string }[];
  /** Default 300 s: short enough to move the address, long enough to cache. */
  readonly ttl?: number;
}

/**
 * One A record per endpoint, pointing at the Gateway's reserved IP. Address and zone are read by
 * name (data sources), not cross-stack references, so this stack plans on its own.
 */
export class DnsRecords extends Construct {
  readonly records: DnsRecordSet[];
  /** The IP the records carry (a reference to the reserved address unless pinned). */
  readonly address: string;

  constructor(scope: Construct, id: string, props: DnsRecordsProps) {
    super(scope, id);
    const project = props.projectId;
    this.address = props.ip ?? new DataGoogleComputeAddress(this, 'gateway-address', {
      project,
      name: props.addressName,
      region: props.region,
    }).address;
    if (props.zoneName === undefined) {
      this.records = [];
      return;
    }
    const zone = new DataGoogleDnsManagedZone(this, 'zone', { project, name: props.zoneName });
    this.records = props.records.map((r) => new DnsRecordSet(this, constructId('a-', r.id), {
      project,
      managedZone: zone.name,
      name: r.name,
      type: 'A',
      ttl: props.ttl ?? 300,
      rrdatas: [this.address],
    }));
  }
}
