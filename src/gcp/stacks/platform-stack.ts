import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { Model } from '../../config/model';
import type { Config } from '../../config/schema';
import { acmeChallengeCnameRecords, crdUpgradeCommand, dns01KeyCommands } from '../commands';
import { AcmeChallengeCnames } from '../constructs/acme-challenge-cnames';
import { NodeServiceAccount } from '../constructs/node-service-account';
import { AutopilotCluster } from '../constructs/autopilot-cluster';
import { Dns01Identity } from '../constructs/dns01-identity';
import { DnsZone } from '../constructs/dns-zone';
import { Network } from '../constructs/network';
import { ProjectServices } from '../constructs/project-services';
import { StaticIp } from '../constructs/static-ip';
import { GATEWAY_ADDRESS_OUTPUT } from '../state-location';
import { GcpStack } from './gcp-stack';

/** APIs the platform's resources need. */
function platformServices(config: Config): string[] {
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

/** Everything Google-side except public A records: network, node identity, cluster, static IP, DNS zone, DNS-01 identity. */
export class PlatformStack extends GcpStack {
  constructor(scope: Construct, model: Model) {
    super(scope, { model, kind: 'platform' });
    const { config, names: n } = model;
    const apis = new ProjectServices(this, 'apis', { projectId: config.project.id, services: platformServices(config) });
    const dependsOn = apis.services;

    const { project, cluster: clusterConfig, dns, gateway, tls } = config;

    const network = new Network(this, 'network', {
      projectId: project.id,
      region: project.region,
      names: n,
      subnetCidr: clusterConfig.network.subnetCidr,
      podsCidr: clusterConfig.network.podsCidr,
      servicesCidr: clusterConfig.network.servicesCidr,
      flowLogs: clusterConfig.network.flowLogs,
      dependsOn,
    });
    const nodes = new NodeServiceAccount(this, 'nodes', {
      projectId: project.id,
      accountId: n.nodeServiceAccountId,
      clusterName: clusterConfig.name,
      dependsOn,
    });
    const { controlPlane } = clusterConfig;
    const { cluster } = new AutopilotCluster(this, 'gke', {
      projectId: project.id,
      name: clusterConfig.name,
      region: project.region,
      releaseChannel: clusterConfig.releaseChannel,
      networkId: network.network.id,
      subnetworkId: network.subnet.id,
      podsRangeName: n.podsRange,
      servicesRangeName: n.servicesRange,
      gatewayApiCrds: config.addons.envoyGateway.gatewayApiCrds,
      controlPlaneAccess: controlPlane.access === 'public-ip'
        ? { kind: 'public-ip', authorizedNetworks: controlPlane.authorizedNetworks ?? [] }
        : { kind: 'dns' },
      nodeServiceAccountEmail: nodes.serviceAccount.email,
      labels: { ...clusterConfig.labels, environment: config.environment },
      deletionProtection: clusterConfig.deletionProtection,
      // The first nodes must be able to write logs and metrics.
      dependsOn: [...dependsOn, nodes.grant],
    });
    const { address } = new StaticIp(this, 'gateway-ip', {
      projectId: project.id,
      name: n.addressName,
      region: project.region,
      networkTier: gateway.address.networkTier,
      // ip mode: the Service asks for this exact IP (loadBalancerIP), so the reservation must hold it.
      address: gateway.address.ip,
      description: `Envoy Gateway ${gateway.namespace}/${gateway.name} on cluster ${clusterConfig.name}`,
      dependsOn,
    });
    const zone = new DnsZone(this, 'dns', {
      projectId: project.id,
      name: dns.zoneName,
      dnsName: n.zoneDnsName,
      create: dns.createZone,
      dnssec: dns.createZone && (dns.dnssec ?? true),
      description: dns.mode === 'acme-cname'
        ? `ACME DNS-01 challenges for ${dns.domain} (CNAME targets)`
        : `Public zone for ${dns.domain}`,
      dependsOn,
    });
    const dns01 = new Dns01Identity(this, 'dns01', {
      projectId: project.id,
      serviceAccountId: n.dns01ServiceAccountId,
      roleId: n.dns01CustomRoleId,
      zoneName: zone.zoneName,
      zoneLabel: dns.zoneName,
      workloadIdentityMember: tls.dns01.credentials === 'workload-identity' ? n.workloadIdentityMember : undefined,
      cluster,
      dependsOn,
    });

    new TerraformOutput(this, 'cluster_name', { value: cluster.name, description: 'GKE Autopilot cluster (cluster.name)' });
    new TerraformOutput(this, 'cluster_location', { value: cluster.location, description: 'Region of the cluster (project.region)' });
    new TerraformOutput(this, GATEWAY_ADDRESS_OUTPUT, { value: address.address, description: `Static IP ${n.addressName}` });
    new TerraformOutput(this, 'dns_zone_name_servers', {
      value: zone.nameServers,
      description: `Delegate ${n.zoneDnsName.slice(0, -1)} to these name servers (at the registrar, or NS records in the parent zone)`,
    });
    if (zone.dsRecords !== undefined) {
      new TerraformOutput(this, 'dns_zone_ds_record', {
        value: zone.dsRecords,
        description: `APPROVAL GATE: once ${n.zoneDnsName.slice(0, -1)} resolves through the name servers above, publish this DS record at the registrar (or in the parent zone)`,
      });
    }
    if (n.acmeChallengeCnames.length > 0) {
      if (dns.parentZone !== undefined) {
        new AcmeChallengeCnames(this, 'acme-cnames', { projectId: project.id, parentZoneName: dns.parentZone, cnames: n.acmeChallengeCnames, dependsOn });
      } else {
        new TerraformOutput(this, 'acme_challenge_cnames', {
          value: acmeChallengeCnameRecords(n),
          description: `APPROVAL GATE: create these CNAMEs where ${dns.domain} is served, before kubectl apply -f dist/`,
        });
      }
    }
    new TerraformOutput(this, 'dns01_service_account_email', {
      value: dns01.serviceAccount.email,
      description: 'The DNS-01 identity cert-manager acts as (Workload Identity or key)',
    });
    if (config.tls.dns01.credentials === 'service-account-key') {
      new TerraformOutput(this, 'dns01_key_commands', {
        value: dns01KeyCommands(model),
        description: 'APPROVAL GATE: creates the DNS-01 key and its Secret by hand (after the addons stack); never in Terraform state',
      });
    }
    new TerraformOutput(this, 'envoy_gateway_crds_command', {
      value: crdUpgradeCommand(config),
      description: config.addons.envoyGateway.gatewayApiCrds === 'gke-managed'
        ? 'Run before the first deploy of the addons stack and after each Envoy Gateway version change: Envoy Gateway CRDs only (GKE owns the Gateway API CRDs; Helm never upgrades CRDs)'
        : 'Run before the first deploy of the addons stack and after each Envoy Gateway version change: Envoy Gateway CRDs and Gateway API standard channel (Helm never upgrades CRDs)',
    });
  }
}
