import { Construct } from 'constructs';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { DnsManagedZoneIamMember } from '@cdktf/provider-google/lib/dns-managed-zone-iam-member';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import type { ITerraformDependable } from 'cdktf';
import type { Config } from '../../config/schema';
import type { Names } from '../../config/names';

/**
 * What cert-manager's Cloud DNS solver calls when the ClusterIssuer sets hostedZoneName
 * (pkg/issuer/acme/dns/clouddns/clouddns.go): ResourceRecordSets.List, Changes.Create (adding and
 * deleting TXT record sets), Changes.Get. With hostedZoneName it never calls ManagedZones.List or
 * ManagedZones.Get, so neither permission is granted. Custom roles take no wildcards: listed explicitly.
 */
export const DNS01_PERMISSIONS: readonly string[] = [
  'dns.changes.create',
  'dns.changes.get',
  'dns.changes.list',
  'dns.resourceRecordSets.create',
  'dns.resourceRecordSets.delete',
  'dns.resourceRecordSets.get',
  'dns.resourceRecordSets.list',
  'dns.resourceRecordSets.update',
];

export interface Dns01IdentityProps {
  readonly config: Config;
  readonly names: Names;
  /** The zone resource name the grant is scoped to. */
  readonly zoneName: string;
  /** The cluster: its Workload Identity pool exists only once the cluster does. */
  readonly cluster: ITerraformDependable;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The identity cert-manager uses to solve DNS-01: a GSA whose only power is editing record sets of
 * one zone (zone-level IAM, no project-level DNS role). Workload Identity mode lets the cert-manager
 * KSA impersonate it; key mode creates no key here (a key in Terraform state is a leaked key): the
 * key is made by hand, see dns01KeyCommands.
 */
export class Dns01Identity extends Construct {
  readonly serviceAccount: ServiceAccount;
  readonly role: ProjectIamCustomRole;

  constructor(scope: Construct, id: string, props: Dns01IdentityProps) {
    super(scope, id);
    const { config, names, zoneName, cluster, dependsOn } = props;
    const project = config.project.id;

    this.serviceAccount = new ServiceAccount(this, 'gsa', {
      project,
      accountId: config.tls.dns01.serviceAccountId,
      displayName: 'cert-manager DNS-01 solver',
      description: `Edits TXT records in Cloud DNS zone ${config.dns.zoneName} only`,
      dependsOn,
    });

    this.role = new ProjectIamCustomRole(this, 'role', {
      project,
      roleId: names.dns01CustomRoleId,
      title: 'cert-manager DNS-01 solver',
      description: 'Record-set edits cert-manager makes for ACME DNS-01 with hostedZoneName set',
      permissions: [...DNS01_PERMISSIONS],
      stage: 'GA',
      dependsOn,
    });

    // Granted on the zone, not the project: the GSA cannot touch any other zone.
    new DnsManagedZoneIamMember(this, 'zone-grant', {
      project,
      managedZone: zoneName,
      role: this.role.name,
      member: this.serviceAccount.member,
    });

    if (config.tls.dns01.credentials === 'workload-identity') {
      new ServiceAccountIamMember(this, 'workload-identity', {
        serviceAccountId: this.serviceAccount.name,
        role: 'roles/iam.workloadIdentityUser',
        member: names.workloadIdentityMember,
        // "Identity Pool does not exist" until the cluster is created.
        dependsOn: [cluster],
      });
    }
  }
}
