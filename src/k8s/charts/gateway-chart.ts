import { Chart } from 'cdk8s';
import { type Construct } from 'constructs';
import type { Model } from '../../config/model';
import { EdgeGateway } from '../constructs/edge-gateway';
import { EnvoyProxyConfig } from '../constructs/envoy-proxy-config';
import { ownerLabels } from '../labels';

/** The EnvoyProxy (static IP binding, proxy sizing) and the Gateway that uses it, in that order. */
export class GatewayChart extends Chart {
  constructor(scope: Construct, id: string, { config, names: n }: Model) {
    super(scope, id, { labels: ownerLabels(config.environment), disableResourceNameHashes: true });
    const { gateway } = config;
    const proxy = new EnvoyProxyConfig(this, 'EnvoyProxy', {
      name: n.envoyProxy,
      namespace: gateway.namespace,
      address: gateway.address.ip
        ? { kind: 'ip', ip: gateway.address.ip, networkTier: gateway.address.networkTier }
        : { kind: 'name', addressName: n.addressName, networkTier: gateway.address.networkTier },
      replicas: gateway.envoy.replicas,
      cpu: gateway.envoy.resources.cpu,
      memory: gateway.envoy.resources.memory,
    });
    const edge = new EdgeGateway(this, 'Gateway', {
      name: gateway.name,
      namespace: gateway.namespace,
      className: gateway.className,
      envoyProxyName: proxy.proxyName,
      httpListener: n.httpListener,
      httpsListeners: n.endpoints.map((e) => ({ name: e.listener, hostname: e.hostname, tlsSecret: e.tlsSecret })),
    });
    edge.node.addDependency(proxy);
  }
}
