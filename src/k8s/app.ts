import { App, YamlOutputType } from 'cdk8s';
import { resolve } from '../config/model';
import type { Config } from '../config/schema';
import { CertificatesChart } from './charts/certificates-chart';
import { ClusterChart } from './charts/cluster-chart';
import { GatewayChart } from './charts/gateway-chart';
import { PlaceholderChart } from './charts/placeholder-chart';
import { RoutesChart } from './charts/routes-chart';

/**
 * The Kubernetes half, one file per chart. Chart ids carry the apply order (0000-cluster.k8s.yaml,
 * ...), so `kubectl apply -f dist/` creates the namespace, issuers and EnvoyProxy before what refers
 * to them. The order is in the names rather than in chart dependencies: cdk8s turns a chart
 * dependency into one between every pair of objects, which grows with the square of the endpoints.
 */
export function buildK8sApp(config: Config, outdir: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const model = resolve(config);
  new ClusterChart(app, '0000-cluster', model);
  const usesPlaceholder = config.endpoints.some((e) => e.backend === 'placeholder');
  const placeholder = usesPlaceholder ? new PlaceholderChart(app, '0001-placeholder', model) : undefined;
  new CertificatesChart(app, '0002-certificates', model);
  new GatewayChart(app, '0003-gateway', model);
  new RoutesChart(app, '0004-routes', model, placeholder?.app);
  return app;
}
