import { App, Chart, YamlOutputType } from 'cdk8s';
import type { Config } from '../config/schema';
import { CertificatesChart } from './charts/certificates-chart';
import { ClusterChart } from './charts/cluster-chart';
import { GatewayChart } from './charts/gateway-chart';
import { PlaceholderChart } from './charts/placeholder-chart';
import { RoutesChart } from './charts/routes-chart';

/**
 * The Kubernetes half. Charts depend on each other in apply order, so cdk8s numbers the files
 * (0000-cluster.k8s.yaml, ...) and `kubectl apply -f dist/` creates the namespace, issuers and
 * EnvoyProxy before what refers to them.
 */
export function buildK8sApp(config: Config, outdir: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const charts: Chart[] = [new ClusterChart(app, 'cluster', config)];
  const usesPlaceholder = config.endpoints.some((e) => e.backend === 'placeholder');
  const placeholder = usesPlaceholder ? new PlaceholderChart(app, 'placeholder', config) : undefined;
  if (placeholder) charts.push(placeholder);
  charts.push(
    new CertificatesChart(app, 'certificates', config),
    new GatewayChart(app, 'gateway', config),
    new RoutesChart(app, 'routes', config, placeholder?.app),
  );
  charts.slice(1).forEach((chart, i) => chart.addDependency(charts[i]));
  return app;
}
