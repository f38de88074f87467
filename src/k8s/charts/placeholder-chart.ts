import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { type Construct } from 'constructs';
import type { Model } from '../../config/model';
import { cpuMillis, memoryMebibytes } from '../../config/quantity';
import { ENVOY_GATEWAY_RELEASES } from '../../config/releases';
import { PlaceholderApp } from '../constructs/placeholder-app';
import { envoyProxyPodLabels, ownerLabels } from '../labels';

/** The hello-world backend that endpoints with `backend: placeholder` route to. */
export class PlaceholderChart extends Chart {
  readonly app: PlaceholderApp;

  constructor(scope: Construct, id: string, { config, names: n }: Model) {
    super(scope, id, { labels: ownerLabels(config.environment), disableResourceNameHashes: true });
    const { placeholder, gateway, addons } = config;
    this.app = new PlaceholderApp(this, 'Placeholder', {
      name: placeholder.name,
      policyName: n.placeholderPolicy,
      namespace: gateway.namespace,
      image: placeholder.image,
      text: placeholder.text,
      replicas: placeholder.replicas,
      // Validated by the schema with the same parsers.
      cpu: kplus.Cpu.millis(cpuMillis(placeholder.resources.cpu)!),
      memory: Size.mebibytes(memoryMebibytes(placeholder.resources.memory)!),
      allowFromPodLabels: envoyProxyPodLabels(ENVOY_GATEWAY_RELEASES[addons.envoyGateway.version], gateway.namespace, gateway.name),
      allowFromNamespace: addons.envoyGateway.namespace,
    });
  }
}
