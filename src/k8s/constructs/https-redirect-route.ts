import { Construct } from 'constructs';
import {
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme as Scheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode as StatusCode,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesMatchesPathType,
} from '../../../imports/gateway.networking.k8s.io';
import { listenerRef } from './edge-gateway';

export interface HttpsRedirectRouteProps {
  readonly name: string;
  readonly namespace: string;
  readonly gatewayName: string;
  readonly listenerName: string;
  readonly hostnames: readonly string[];
}

/** Answers plain HTTP for every endpoint with a permanent redirect to HTTPS (no backend: the API forbids both). */
export class HttpsRedirectRoute extends Construct {
  constructor(scope: Construct, id: string, props: HttpsRedirectRouteProps) {
    super(scope, id);
    new HttpRoute(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        parentRefs: [listenerRef(props.gatewayName, props.listenerName)],
        hostnames: [...props.hostnames],
        rules: [{
          // The CRD's default, written out: the rules list is replaced whole on apply, so a default the
          // server fills in would differ from the file on every client-side apply.
          matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
          filters: [{
            type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
            requestRedirect: { scheme: Scheme.HTTPS, statusCode: StatusCode.VALUE_301 },
          }],
        }],
      },
    });
  }
}
