import { Construct } from 'constructs';
import {
  EnvoyProxy,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentContainerResourcesLimits as Limit,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentContainerResourcesRequests as Request,
  EnvoyProxySpecProviderKubernetesEnvoyPdbMinAvailable as MinAvailable,
  EnvoyProxySpecProviderKubernetesEnvoyServiceExternalTrafficPolicy as ExternalTrafficPolicy,
  EnvoyProxySpecProviderKubernetesEnvoyServiceType as ServiceType,
  EnvoyProxySpecProviderType,
} from '../../../imports/gateway.envoyproxy.io';

/**
 * How the proxy Service gets the reserved regional address. Not Gateway.spec.addresses: Envoy Gateway
 * copies those into the Service's externalIPs, which the GCP load balancer ignores (envoyproxy/gateway
 * v1.9.0 internal/infrastructure/kubernetes/proxy/resource_provider.go; envoyproxy/gateway#1841).
 */
export type AddressBinding =
  | { readonly kind: 'name'; readonly addressName: string; readonly networkTier: 'PREMIUM' | 'STANDARD' }
  | { readonly kind: 'ip'; readonly ip: string; readonly networkTier: 'PREMIUM' | 'STANDARD' };

export interface EnvoyProxyConfigProps {
  readonly name: string;
  readonly namespace: string;
  readonly address: AddressBinding;
  readonly replicas: number;
  readonly cpu: string;
  readonly memory: string;
}

/**
 * The EnvoyProxy a Gateway points at: it shapes the proxy Deployment and its LoadBalancer Service.
 * Never Gateway.spec.addresses: Envoy Gateway turns that into Service externalIPs, which GKE ignores.
 */
export class EnvoyProxyConfig extends Construct {
  readonly proxyName: string;
  readonly resource: EnvoyProxy;

  constructor(scope: Construct, id: string, props: EnvoyProxyConfigProps) {
    super(scope, id);
    this.proxyName = props.name;
    const { address } = props;
    const annotations: Record<string, string> = {};
    if (address.kind === 'name') {
      // ingress-gce resolves the address name in the cluster's region; needs the backend-service based L4 LB.
      annotations['networking.gke.io/load-balancer-ip-addresses'] = address.addressName;
      annotations['cloud.google.com/l4-rbs'] = 'enabled';
    }
    if (address.networkTier === 'STANDARD') {
      // The address and the forwarding rule must share a tier; Premium is GKE's default.
      annotations['cloud.google.com/network-tier'] = 'Standard';
    }
    this.resource = new EnvoyProxy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        provider: {
          type: EnvoyProxySpecProviderType.KUBERNETES,
          kubernetes: {
            envoyService: {
              type: ServiceType.LOAD_BALANCER,
              // Local keeps the client source address (allowlists depend on it); stated, not left to defaults.
              externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
              annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
              loadBalancerIp: address.kind === 'ip' ? address.ip : undefined,
            },
            // Node upgrades drain one proxy at a time; a single proxy gets no PDB (it would block the drain).
            envoyPdb: props.replicas > 1 ? { minAvailable: MinAvailable.fromNumber(1) } : undefined,
            envoyDeployment: {
              replicas: props.replicas,
              container: {
                resources: {
                  requests: { cpu: Request.fromString(props.cpu), memory: Request.fromString(props.memory) },
                  limits: { cpu: Limit.fromString(props.cpu), memory: Limit.fromString(props.memory) },
                },
              },
            },
          },
        },
      },
    });
  }
}
