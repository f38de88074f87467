import { ApiObject, Duration, JsonPatch, type Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface PlaceholderAppProps {
  /** Name of the Deployment and the Service. */
  readonly name: string;
  readonly policyName: string;
  readonly namespace: string;
  /** Pinned image; hashicorp/http-echo answers every path with `text`, and /health. */
  readonly image: string;
  readonly text: string;
  readonly replicas: number;
  /** Request and limit (equal: Guaranteed QoS). */
  readonly cpu: kplus.Cpu;
  readonly memory: Size;
  /** Labels of the only pods allowed to connect (the Envoy proxies). */
  readonly allowFromPodLabels: Record<string, string>;
  readonly allowFromNamespace: string;
}

// http-echo listens on 5678 and ships no USER: runAsNonRoot alone is rejected, so the UID is explicit.
const CONTAINER_PORT = 5678;
const NON_ROOT_UID = 65532;

/** The hello-world backend: Deployment, Service on port 80, and a NetworkPolicy admitting only the gateway. */
export class PlaceholderApp extends Construct {
  readonly serviceName: string;
  readonly servicePort = 80;

  constructor(scope: Construct, id: string, props: PlaceholderAppProps) {
    super(scope, id);
    const labels = { 'app.kubernetes.io/name': props.name };
    const probe = () => kplus.Probe.fromHttpGet('/health', { port: CONTAINER_PORT, periodSeconds: Duration.seconds(10), failureThreshold: 3 });

    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      replicas: props.replicas,
      select: false,
      podMetadata: { labels },
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: NON_ROOT_UID, group: NON_ROOT_UID },
      containers: [{
        name: 'http-echo',
        image: props.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        args: [`-listen=:${CONTAINER_PORT}`, `-text=${props.text}`],
        ports: [{ number: CONTAINER_PORT, name: 'http' }],
        // Autopilot bills by requests; limits equal requests so the pod is Guaranteed.
        resources: {
          cpu: { request: props.cpu, limit: props.cpu },
          memory: { request: props.memory, limit: props.memory },
        },
        securityContext: {
          ensureNonRoot: true,
          user: NON_ROOT_UID,
          group: NON_ROOT_UID,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
        readiness: probe(),
        liveness: probe(),
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels }));
    // Select by our own labels, not cdk8s-plus's hashed address label, so the YAML reads plainly.
    const pods = kplus.Pods.select(this, 'Pods', { labels });
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    // Zero values the API server does not store (omitempty): written, they read as drift forever.
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/minReadySeconds'), JsonPatch.remove('/spec/template/spec/hostNetwork'));

    const service = new kplus.Service(this, 'Service', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      type: kplus.ServiceType.CLUSTER_IP,
      selector: pods,
      ports: [{ name: 'http', port: this.servicePort, targetPort: CONTAINER_PORT }],
    });
    // cdk8s-plus writes an empty externalIPs list; leave the field out entirely.
    ApiObject.of(service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));

    // Autopilot drains nodes for upgrades: keep one replica serving. With one replica a PDB would
    // only block the drain, so there is none.
    if (props.replicas > 1) {
      new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name: props.name, namespace: props.namespace, labels },
        spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } },
      });
    }
    this.serviceName = service.name;

    new kplus.NetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: props.policyName, namespace: props.namespace, labels },
      selector: pods,
      ingress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [{
          peer: kplus.Pods.select(this, 'EnvoyProxies', {
            labels: props.allowFromPodLabels,
            namespaces: kplus.Namespaces.select(this, 'GatewayNamespace', { names: [props.allowFromNamespace] }),
          }),
          ports: [kplus.NetworkPolicyPort.tcp(CONTAINER_PORT)],
        }],
      },
    });
  }
}
