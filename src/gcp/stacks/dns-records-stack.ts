import type { Construct } from 'constructs';
import type { Config } from '../../config/schema';
import { DnsRecords } from '../constructs/dns-records';
import { GcpStack } from './gcp-stack';

/** Public A records: a stack of its own so changing public DNS is always a deliberate deploy (approval gate). */
export class DnsRecordsStack extends GcpStack {
  constructor(scope: Construct, id: string, config: Config) {
    super(scope, id, { config });
    new DnsRecords(this, 'records', { config, names: this.names });
  }
}
