import { App } from 'cdktf';
import { resolve, type Model } from '../config/model';
import { STACK_KINDS, stackId, type StackKind } from '../config/environment-names';
import type { Config } from '../config/schema';
import { AddonsStack } from './stacks/addons-stack';
import { DnsRecordsStack } from './stacks/dns-records-stack';
import { PlatformStack } from './stacks/platform-stack';
import { StateStack } from './stacks/state-stack';

/** The stack kinds this config synthesizes, in deploy order: `state` only when it creates a bucket. */
function stackKinds(config: Config): StackKind[] {
  return STACK_KINDS.filter((kind) => kind !== 'state' || hasStateStack(config));
}

/** The stack ids this config synthesizes, in deploy order (e.g. staging-platform in environment staging). */
export function stackIds(config: Config): string[] {
  return stackKinds(config).map((kind) => stackId(config.environment, kind));
}

function hasStateStack(config: Config): boolean {
  return config.state.bucket !== undefined && config.state.createBucket;
}

/** Builds one CDKTF app with every environment's stacks; the caller runs app.synth(). */
export function buildGcpApp(configs: readonly Config[], outdir: string): App {
  const app = new App({ outdir });
  for (const config of configs) addEnvironment(app, resolve(config));
  return app;
}

function addEnvironment(app: App, model: Model): void {
  const { config } = model;
  const state = hasStateStack(config) ? new StateStack(app, model, config.state.bucket!) : undefined;
  const platform = new PlatformStack(app, model);
  // The platform's GCS backend needs the bucket first.
  if (state) platform.addDependency(state);
  // Order only (no references): the cluster and zone must exist before these plan.
  new AddonsStack(app, model).addDependency(platform);
  new DnsRecordsStack(app, model).addDependency(platform);
}
