import { Chart } from 'cdk8s';
import { type Construct } from 'constructs';
import type { Model } from '../../config/model';
import { constructId } from '../../config/names';
import { ClientAllowlist } from '../constructs/client-allowlist';
import type { PlaceholderApp } from '../constructs/placeholder-app';
import { EndpointRoute } from '../constructs/endpoint-route';
import { HttpsRedirectRoute } from '../constructs/https-redirect-route';
import { ownerLabels } from '../labels';

/**
 * One HTTPRoute per endpoint and the HTTP->HTTPS redirect: one shared route for the open endpoints;
 * an endpoint with allowCidrs gets its own redirect route and one SecurityPolicy over both its routes.
 */
export class RoutesChart extends Chart {
  /** `placeholder` is required when an endpoint routes to it. */
  constructor(scope: Construct, id: string, { config, names: n, endpoints }: Model, placeholder?: PlaceholderApp) {
    super(scope, id, { labels: ownerLabels(config.environment), disableResourceNameHashes: true });
    const { namespace, name: gatewayName } = config.gateway;

    const open = n.endpoints.filter((e) => !e.redirectRoute);
    if (open.length > 0) {
      new HttpsRedirectRoute(this, 'HttpsRedirect', {
        name: n.redirectRoute,
        namespace,
        gatewayName,
        listenerName: n.httpListener,
        hostnames: open.map((e) => e.hostname),
      });
    }

    for (const { endpoint, names: en } of endpoints) {
      const backend = endpoint.backend === 'placeholder'
        ? { serviceName: required(placeholder).serviceName, servicePort: required(placeholder).servicePort }
        : { serviceName: endpoint.backend.service, servicePort: endpoint.backend.port };
      const route = new EndpointRoute(this, constructId('Endpoint-', en.name), {
        name: en.route,
        namespace,
        gatewayName,
        listenerName: en.listener,
        hostname: en.hostname,
        ...backend,
      });
      if (endpoint.allowCidrs && en.redirectRoute) {
        new HttpsRedirectRoute(route, 'HttpsRedirect', {
          name: en.redirectRoute,
          namespace,
          gatewayName,
          listenerName: n.httpListener,
          hostnames: [en.hostname],
        });
        new ClientAllowlist(route, 'Allowlist', {
          name: en.securityPolicy,
          namespace,
          routeNames: [route.routeName, en.redirectRoute],
          allowCidrs: endpoint.allowCidrs,
        });
      }
    }
  }
}

function required(placeholder: PlaceholderApp | undefined): PlaceholderApp {
  if (!placeholder) throw new Error('RoutesChart: an endpoint uses the placeholder backend but no PlaceholderApp was given');
  return placeholder;
}
