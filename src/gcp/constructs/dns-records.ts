import { Construct } from 'constructs';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { DataGoogleComputeAddress } from '@cdktf/provider-google/lib/data-google-compute-address';
import { DataGoogleDnsManagedZone } from '@cdktf/provider-google/lib/data-google-dns-managed-zone';
import type { Config } from '../../config/schema';
import { constructId, type Names } from '../../config/names';

export interface DnsRecordsProps {
  readonly config: Config;
  readonly names: Names;
}

/**
 * One A record per endpoint, pointing at the Gateway's reserved IP. Address and zone are read by
 * name (data sources), not cross-stack references, so this stack plans on its own.
 */
export class DnsRecords extends Construct {
  readonly records: DnsRecordSet[];

  constructor(scope: Construct, id: string, props: DnsRecordsProps) {
    super(scope, id);
    const { config, names } = props;
    const address = new DataGoogleComputeAddress(this, 'gateway-address', {
      project: config.project.id,
      name: names.addressName,
      region: config.project.region,
    });
    const zone = new DataGoogleDnsManagedZone(this, 'zone', { project: config.project.id, name: config.dns.zoneName });
    this.records = names.endpoints.map((e) => new DnsRecordSet(this, constructId('a-', e.name), {
      project: config.project.id,
      managedZone: zone.name,
      name: e.recordName,
      type: 'A',
      ttl: 300,
      rrdatas: [address.address],
    }));
  }
}
