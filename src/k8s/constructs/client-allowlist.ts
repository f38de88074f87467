import { Construct } from 'constructs';
import {
  SecurityPolicy,
  SecurityPolicySpecAuthorizationDefaultAction as DefaultAction,
  SecurityPolicySpecAuthorizationRulesAction as RuleAction,
} from '../../../imports/gateway.envoyproxy.io';

export interface ClientAllowlistProps {
  readonly name: string;
  readonly namespace: string;
  /** The routes it guards: the endpoint's HTTPS route and its HTTP redirect route. */
  readonly routeNames: readonly string[];
  readonly allowCidrs: readonly string[];
}

/**
 * Denies every client of one endpoint's HTTPRoutes except the listed source ranges. Enforced in Envoy because
 * Cloud Armor does not cover the passthrough network LB; the source address is the real client's
 * thanks to externalTrafficPolicy Local, and X-Forwarded-For is not trusted.
 */
export class ClientAllowlist extends Construct {
  constructor(scope: Construct, id: string, props: ClientAllowlistProps) {
    super(scope, id);
    new SecurityPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        targetRefs: props.routeNames.map((name) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name })),
        authorization: {
          defaultAction: DefaultAction.DENY,
          rules: [{ name: 'allow-listed-clients', action: RuleAction.ALLOW, principal: { clientCidRs: [...props.allowCidrs] } }],
        },
      },
    });
  }
}
