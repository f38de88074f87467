import type { Half } from '../pipeline';

/**
 * What a change belongs to: one half of the output (Kubernetes manifests in dist/, Terraform stacks
 * in cdktf.out/), or a whole environment (config/environments/<name>.yaml) removed.
 */
export type ChangeHalf = Half | 'environment';
export type Action = 'add' | 'remove' | 'change' | 'replace';

/**
 * Risk names, most severe first (the report lists risky changes in this order).
 * destroy: an object or resource goes away; replace: Terraform destroys and recreates it;
 * public-dns: public record sets or zones; iam: roles, bindings, service accounts;
 * exposure: what is reachable, and by whom; tls: issuers and certificates.
 */
export const RISKS = ['destroy', 'replace', 'public-dns', 'iam', 'exposure', 'tls'] as const;
export type Risk = (typeof RISKS)[number];

/** One changed field of an object, by path (`spec.listeners[https-mcp]`, `ip_allocation_policy.cluster_secondary_range_name`). */
export interface FieldChange {
  readonly path: string;
  readonly action: 'add' | 'remove' | 'change';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One object or resource that differs between two synthesized trees. */
export interface Change {
  readonly half: ChangeHalf;
  readonly action: Action;
  /** Kubernetes kind, or Terraform resource type (`data.<type>`, `provider.<name>`, `output`, `terraform` for the other blocks). */
  readonly kind: string;
  /** `namespace/name` (or `name` when cluster-scoped), or `stack/address`. */
  readonly name: string;
  readonly fields: readonly FieldChange[];
  readonly risks: readonly Risk[];
  /** Why, in words, for the Markdown report (which attribute forces replacement, the old address...). */
  readonly notes: readonly string[];
}
