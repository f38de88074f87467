import { App } from 'cdktf';
import type { Config } from '../config/schema';
import { AddonsStack } from './stacks/addons-stack';
import { DnsRecordsStack } from './stacks/dns-records-stack';
import { PlatformStack } from './stacks/platform-stack';
import { StateStack } from './stacks/state-stack';

/** Stack ids in deploy order; docs and runbooks name them. `state` exists only with config.state.bucket. */
export const STACK_IDS = ['state', 'platform', 'addons', 'dns-records'] as const;
export type StackId = (typeof STACK_IDS)[number];

/** The stack ids this config synthesizes, in deploy order. */
export function stackIds(config: Config): StackId[] {
  return STACK_IDS.filter((id) => id !== 'state' || config.state.bucket !== undefined);
}

/** Builds the CDKTF app (all stacks); the caller runs app.synth(). */
export function buildGcpApp(config: Config, outdir: string): App {
  const app = new App({ outdir });
  const state = config.state.bucket ? new StateStack(app, 'state', config, config.state.bucket) : undefined;
  const platform = new PlatformStack(app, 'platform', config);
  // The platform's GCS backend needs the bucket first.
  if (state) platform.addDependency(state);
  // Order only (no references): the cluster and zone must exist before these plan.
  new AddonsStack(app, 'addons', config).addDependency(platform);
  new DnsRecordsStack(app, 'dns-records', config).addDependency(platform);
  return app;
}
