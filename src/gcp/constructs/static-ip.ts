import { Construct } from 'constructs';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import type { ITerraformDependable } from 'cdktf';

export interface StaticIpProps {
  readonly projectId: string;
  readonly name: string;
  /** The cluster's region: the Envoy Service's L4 load balancer only takes a regional address there. */
  readonly region: string;
  /** Must match the Service's tier. Default PREMIUM (GKE's default). */
  readonly networkTier?: 'PREMIUM' | 'STANDARD';
  /** Pins a specific public IPv4 (the one the Service's loadBalancerIP names). Unset: Google picks one. */
  readonly address?: string;
  /** Set at creation only: later changes are ignored (lifecycle.ignore_changes), so they never recreate the address. */
  readonly description?: string;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Gateway's reserved IP. Regional (not global) and in the cluster's region: the L4 load balancer
 * of the Envoy Service can only take a regional address; a global one fails with "neither static nor
 * assigned to the LB". The tier must match the Service's (PREMIUM unless configured).
 */
export class StaticIp extends Construct {
  readonly address: ComputeAddress;

  constructor(scope: Construct, id: string, props: StaticIpProps) {
    super(scope, id);
    this.address = new ComputeAddress(this, 'address', {
      project: props.projectId,
      name: props.name,
      region: props.region,
      addressType: 'EXTERNAL',
      address: props.address,
      networkTier: props.networkTier ?? 'PREMIUM',
      description: props.description,
      dependsOn: props.dependsOn,
      // The description cannot change in place (google_compute_address has no update for it), and it
      // names the Gateway: a renamed namespace or Gateway would recreate the address, and with it the
      // public IP every A record and client allowlist points at. It stays as it was at creation.
      lifecycle: { ignoreChanges: ['description'] },
    });
  }
}
