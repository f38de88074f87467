import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../../imports/gateway.networking.k8s.io';
import { listenerRef } from './edge-gateway';

export interface EndpointRouteProps {
  readonly name: string;
  readonly namespace: string;
  readonly gatewayName: string;
  readonly listenerName: string;
  readonly hostname: string;
  readonly serviceName: string;
  readonly servicePort: number;
}

/** Routes one hostname, on its own HTTPS listener, to a Service in the Gateway's namespace. */
export class EndpointRoute extends Construct {
  readonly routeName: string;

  constructor(scope: Construct, id: string, props: EndpointRouteProps) {
    super(scope, id);
    this.routeName = props.name;
    new HttpRoute(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        parentRefs: [listenerRef(props.gatewayName, props.listenerName)],
        hostnames: [props.hostname],
        rules: [{
          matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
          // weight 1: the CRD's default, written out (see https-redirect-route.ts).
          backendRefs: [{ group: '', kind: 'Service', name: props.serviceName, port: props.servicePort, weight: 1 }],
        }],
      },
    });
  }
}
