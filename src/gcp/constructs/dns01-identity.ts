import { Construct } from 'constructs';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { DnsManagedZoneIamMember } from '@cdktf/provider-google/lib/dns-managed-zone-iam-member';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import type { ITerraformDependable } from 'cdktf';

/**
 * Exactly what cert-manager's Cloud DNS solver needs when the ClusterIssuer sets hostedZoneName
 * (cert-manager v1.21.1 pkg/issuer/acme/dns/clouddns/clouddns.go): Present calls
 * ResourceRecordSets.List (dns.resourceRecordSets.list), then Changes.Create with the TXT record as an
 * addition and any existing TXT set of that name as a deletion, then Changes.Get until done; CleanUp
 * calls Changes.Create with deletions (and re-additions of other values). Changes.Create checks
 * dns.changes.create plus dns.resourceRecordSets.create / .update / .delete for what the change does
 * (Cloud DNS access control, "dns.changes.create"). With hostedZoneName it never calls
 * ManagedZones.List, Changes.List or ResourceRecordSets.Get: none granted. Custom roles take no wildcards.
 */
export const DNS01_PERMISSIONS: readonly string[] = [
  'dns.changes.create',
  'dns.changes.get',
  'dns.resourceRecordSets.create',
  'dns.resourceRecordSets.delete',
  'dns.resourceRecordSets.list',
  'dns.resourceRecordSets.update',
];

export interface Dns01IdentityProps {
  readonly projectId: string;
  /** The GSA's account id (the part before @). */
  readonly serviceAccountId: string;
  /** The custom role's id, unique in the project. */
  readonly roleId: string;
  /** The zone resource name the grant is scoped to (a reference to the zone, so the grant waits for it). */
  readonly zoneName: string;
  /** The zone's name as written in config, for descriptions. */
  readonly zoneLabel: string;
  /**
   * Workload Identity: the Kubernetes service account allowed to impersonate the GSA, as an IAM member
   * (serviceAccount:PROJECT.svc.id.goog[NAMESPACE/KSA]). Unset: key mode, no binding.
   */
  readonly workloadIdentityMember?: string;
  /** The cluster: its Workload Identity pool exists only once the cluster does. */
  readonly cluster?: ITerraformDependable;
  readonly dependsOn?: ITerraformDependable[];
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
    const { projectId: project, zoneName, cluster, dependsOn } = props;

    this.serviceAccount = new ServiceAccount(this, 'gsa', {
      project,
      accountId: props.serviceAccountId,
      displayName: 'cert-manager DNS-01 solver',
      description: `Edits TXT records in Cloud DNS zone ${props.zoneLabel} only`,
      dependsOn,
    });

    this.role = new ProjectIamCustomRole(this, 'role', {
      project,
      roleId: props.roleId,
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

    if (props.workloadIdentityMember !== undefined) {
      new ServiceAccountIamMember(this, 'workload-identity', {
        serviceAccountId: this.serviceAccount.name,
        role: 'roles/iam.workloadIdentityUser',
        member: props.workloadIdentityMember,
        // "Identity Pool does not exist" until the cluster is created.
        dependsOn: cluster ? [cluster] : undefined,
      });
    }
  }
}
