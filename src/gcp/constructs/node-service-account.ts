import { Construct } from 'constructs';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import type { ITerraformDependable } from 'cdktf';

/**
 * The one role a GKE node needs: write logs and metrics, read its own configuration. Google's
 * replacement for the Compute Engine default service account (Editor on the whole project).
 */
export const NODE_ROLE = 'roles/container.defaultNodeServiceAccount';

export interface NodeServiceAccountProps {
  readonly projectId: string;
  /** The account id (the part before @), 6-30 characters. */
  readonly accountId: string;
  readonly clusterName: string;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A dedicated, least-privilege identity for the cluster's nodes. Autopilot uses the Compute Engine
 * default service account unless cluster_autoscaling.auto_provisioning_defaults.service_account names
 * another (google provider 6.50.0 docs, container_cluster auto_provisioning_defaults). The role must
 * be on the project: nodes write to the project's Cloud Logging and Monitoring.
 */
export class NodeServiceAccount extends Construct {
  readonly serviceAccount: ServiceAccount;
  /** The role grant: the cluster must wait for it, or its first nodes cannot report. */
  readonly grant: ProjectIamMember;

  constructor(scope: Construct, id: string, props: NodeServiceAccountProps) {
    super(scope, id);
    this.serviceAccount = new ServiceAccount(this, 'gsa', {
      project: props.projectId,
      accountId: props.accountId,
      displayName: `GKE nodes of ${props.clusterName}`,
      description: `Node identity of cluster ${props.clusterName}: ${NODE_ROLE} only`,
      dependsOn: props.dependsOn,
    });
    this.grant = new ProjectIamMember(this, 'node-role', {
      project: props.projectId,
      role: NODE_ROLE,
      member: this.serviceAccount.member,
    });
  }
}
