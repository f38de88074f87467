import type { Construct } from 'constructs';
import type { Config } from '../../config/schema';
import { DnsRecords } from '../constructs/dns-records';
import { GcpStack } from './gcp-stack';

/** Public A records: a stack of its own so changing public DNS is always a deliberate deploy (approval gate). */
export class DnsRecordsStack extends GcpStack {
  constructor(scope: Construct, id: string, config: Config) {
    super(scope, id, { config });
    new DnsRecords(this, 'records', {
      projectId: config.project.id,
      region: config.project.region,
      addressName: this.names.addressName,
      zoneName: config.dns.zoneName,
      records: this.names.endpoints.map((e) => ({ id: e.name, name: e.recordName })),
    });
  }
}
