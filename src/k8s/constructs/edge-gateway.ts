import { Construct } from 'constructs';
import {
  Gateway,
  GatewaySpecListenersAllowedRoutesNamespacesFrom as RoutesFrom,
  GatewaySpecListenersTlsMode,
} from '../../../imports/gateway.networking.k8s.io';

/** The parentRef by which a route attaches to one listener of a Gateway in its own namespace. */
export function listenerRef(gatewayName: string, listenerName: string) {
  return { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gatewayName, sectionName: listenerName };
}

export interface HttpsListener {
  readonly name: string;
  readonly hostname: string;
  readonly tlsSecret: string;
}

export interface EdgeGatewayProps {
  readonly name: string;
  readonly namespace: string;
  readonly className: string;
  readonly envoyProxyName: string;
  readonly httpListener: string;
  readonly httpsListeners: readonly HttpsListener[];
}

/**
 * One Gateway: an HTTPS listener per endpoint plus a plain HTTP listener for the redirect.
 * The HTTP listener also keeps Envoy Gateway deploying the proxy before any Secret exists.
 */
export class EdgeGateway extends Construct {
  readonly gatewayName: string;
  readonly namespace: string;
  readonly resource: Gateway;

  constructor(scope: Construct, id: string, props: EdgeGatewayProps) {
    super(scope, id);
    this.gatewayName = props.name;
    this.namespace = props.namespace;
    const sameNamespace = { namespaces: { from: RoutesFrom.SAME } };
    this.resource = new Gateway(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        gatewayClassName: props.className,
        infrastructure: {
          parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: props.envoyProxyName },
        },
        listeners: [
          { name: props.httpListener, protocol: 'HTTP', port: 80, allowedRoutes: sameNamespace },
          ...props.httpsListeners.map((l) => ({
            name: l.name,
            hostname: l.hostname,
            protocol: 'HTTPS',
            port: 443,
            tls: {
              mode: GatewaySpecListenersTlsMode.TERMINATE,
              certificateRefs: [{ group: '', kind: 'Secret', name: l.tlsSecret }],
            },
            allowedRoutes: sameNamespace,
          })),
        ],
      },
    });
  }
}
