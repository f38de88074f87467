import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { Model } from '../../config/model';
import { DnsRecords } from '../constructs/dns-records';
import { GcpStack } from './gcp-stack';

/**
 * Public A records: a stack of its own so changing public DNS is always a deliberate deploy (approval
 * gate). In acme-cname mode without dns.parentZone the parent domain is not in this project's Cloud
 * DNS: the stack creates nothing and prints the records for the operator to create where it is served.
 */
export class DnsRecordsStack extends GcpStack {
  constructor(scope: Construct, model: Model) {
    super(scope, { model, kind: 'dns-records' });
    const { config, names: n } = model;
    const records = new DnsRecords(this, 'records', {
      projectId: config.project.id,
      region: config.project.region,
      addressName: n.addressName,
      ip: config.gateway.address.ip,
      zoneName: n.recordsZone,
      records: n.endpoints.map((e) => ({ id: e.name, name: e.recordName })),
    });
    if (n.recordsZone === undefined) {
      new TerraformOutput(this, 'a_records', {
        value: n.endpoints.map((e) => `${e.recordName} 300 IN A ${records.address}`).join('\n'),
        description: `APPROVAL GATE: create these A records where ${config.dns.domain} is served, once the Gateway carries the address`,
      });
    }
  }
}
