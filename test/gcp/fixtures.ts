import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing, type App, type TerraformStack } from 'cdktf';
// Declares the cdktf jest matchers (toHaveResourceWithProperties, ...) for the type checker.
import 'cdktf/lib/testing/adapters/jest';
import { parseConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';
import { buildGcpApp } from '../../src/gcp/app';

// Shared test configurations (YAML, as users write them) and a synth helper.

export const BASE_YAML = `
project:
  id: wti-ai-platform
  region: us-central1
cluster:
  name: wti-ai-autopilot
dns:
  domain: wti.net
  zoneName: wti-net
endpoints:
  - hostname: conductor.wti.net
  - hostname: api.wti.net
    name: api
`;

/** Key mode, an existing zone, GKE-managed Gateway API CRDs and a state bucket: every switch flipped. */
export const KEY_MODE_YAML = `${BASE_YAML}
tls:
  dns01:
    credentials: service-account-key
    keySecret:
      name: clouddns-dns01-svc-acct
      key: key.json
addons:
  envoyGateway:
    gatewayApiCrds: gke-managed
state:
  bucket: wti-ai-tfstate
  location: US-CENTRAL1
`.replace('  zoneName: wti-net\n', '  zoneName: wti-net\n  createZone: false\n');

export const config = (yaml: string): Config => parseConfig(yaml, 'test.yaml');

export interface Synthesized {
  readonly app: App;
  /** Parsed cdk.tf.json per stack id. */
  readonly json: Record<string, any>;
  /** Raw synth text per stack id (for the cdktf matchers and snapshots). */
  readonly text: Record<string, string>;
}

export function synthAll(cfg: Config): Synthesized {
  const app = buildGcpApp([cfg], path.join(tmpdir(), 'gcp-test-out'));
  const text: Record<string, string> = {};
  const json: Record<string, any> = {};
  for (const child of app.node.children) {
    const stack = child as TerraformStack;
    text[stack.node.id] = Testing.synth(stack);
    json[stack.node.id] = JSON.parse(text[stack.node.id]);
  }
  return { app, json, text };
}

/** All resources of a type in a stack, as a list of bodies. */
export const resources = (stack: any, type: string): any[] => Object.values(stack.resource?.[type] ?? {});
export const dataSources = (stack: any, type: string): any[] => Object.values(stack.data?.[type] ?? {});

/** Every string anywhere in a JSON value (for "never anywhere" checks). */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

/** The Terraform address (type.name) of the one resource of a type whose body matches. */
export function addressOf(stack: any, type: string, match: (body: any) => boolean = () => true): string {
  const hits = Object.entries(stack.resource?.[type] ?? {}).filter(([, body]) => match(body));
  if (hits.length !== 1) throw new Error(`expected one ${type}, found ${hits.length}`);
  return `${type}.${hits[0][0]}`;
}
