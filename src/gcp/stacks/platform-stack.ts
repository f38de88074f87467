import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { Config } from '../../config/schema';
import { dns01KeyCommands, envoyGatewayCrdsCommand } from '../commands';
import { AutopilotCluster } from '../constructs/autopilot-cluster';
import { Dns01Identity } from '../constructs/dns01-identity';
import { DnsZone } from '../constructs/dns-zone';
import { Network } from '../constructs/network';
import { ProjectServices } from '../constructs/project-services';
import { StaticIp } from '../constructs/static-ip';
import { GATEWAY_ADDRESS_OUTPUT } from '../state-location';
import { GcpStack } from './gcp-stack';

/** APIs the platform's resources need. */
export function platformServices(config: Config): string[] {
  return [
    'cloudresourcemanager.googleapis.com', // project IAM (custom role)
    'compute.googleapis.com', // VPC, NAT, address
    'container.googleapis.com',
    'dns.googleapis.com',
    'iam.googleapis.com', // service account
    // The GKE metadata server impersonates the GSA through the IAM Credentials API.
    ...(config.tls.dns01.credentials === 'workload-identity' ? ['iamcredentials.googleapis.com'] : []),
  ];
}

/** Everything Google-side except public DNS records: network, cluster, static IP, DNS zone, DNS-01 identity. */
export class PlatformStack extends GcpStack {
  constructor(scope: Construct, id: string, config: Config) {
    super(scope, id, { config });
    const n = this.names;
    const apis = new ProjectServices(this, 'apis', { projectId: config.project.id, services: platformServices(config) });
    const dependsOn = apis.services;

    const network = new Network(this, 'network', { config, names: n, dependsOn });
    const { cluster } = new AutopilotCluster(this, 'gke', { config, names: n, network, dependsOn });
    const { address } = new StaticIp(this, 'gateway-ip', { config, names: n, dependsOn });
    const zone = new DnsZone(this, 'dns', { config, names: n, dependsOn });
    const dns01 = new Dns01Identity(this, 'dns01', { config, names: n, zoneName: zone.zoneName, cluster, dependsOn });

    new TerraformOutput(this, 'cluster_name', { value: cluster.name });
    new TerraformOutput(this, 'cluster_location', { value: cluster.location });
    new TerraformOutput(this, GATEWAY_ADDRESS_OUTPUT, { value: address.address, description: `Static IP ${n.addressName}` });
    new TerraformOutput(this, 'dns_zone_name_servers', {
      value: zone.nameServers,
      description: `Delegate ${config.dns.domain} to these name servers at the registrar`,
    });
    new TerraformOutput(this, 'dns01_service_account_email', { value: dns01.serviceAccount.email });
    if (config.tls.dns01.credentials === 'service-account-key') {
      new TerraformOutput(this, 'dns01_key_commands', {
        value: dns01KeyCommands(config),
        description: 'APPROVAL GATE: creates the DNS-01 key and its Secret by hand (after the addons stack); never in Terraform state',
      });
    }
    if (config.addons.envoyGateway.gatewayApiCrds === 'gke-managed') {
      new TerraformOutput(this, 'envoy_gateway_crds_command', {
        value: envoyGatewayCrdsCommand(config),
        description: 'Run before deploying the addons stack: Envoy Gateway CRDs only (GKE owns the Gateway API CRDs)',
      });
    }
  }
}
