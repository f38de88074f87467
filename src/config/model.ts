import { names, type EndpointNames, type Names } from './names';
import type { Config, Endpoint } from './schema';

/** One endpoint as configured, with the names derived from it. */
export interface ResolvedEndpoint {
  readonly endpoint: Endpoint;
  readonly names: EndpointNames;
}

/**
 * A configuration with every derived name, resolved once: what both halves (charts and stacks)
 * and the helpers they share receive, so no name is derived twice.
 */
export interface Model {
  readonly config: Config;
  readonly names: Names;
  /** config.endpoints in order, each beside its names. */
  readonly endpoints: readonly ResolvedEndpoint[];
}

export function resolve(config: Config): Model {
  const n = names(config);
  return { config, names: n, endpoints: config.endpoints.map((endpoint, i) => ({ endpoint, names: n.endpoints[i] })) };
}
