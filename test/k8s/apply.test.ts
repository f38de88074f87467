import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../src/config/load';
import { REPO_ROOT } from '../../src/config/repo-root';
import { applyCommands, applySetParent } from '../../src/k8s/apply';
import { ownerLabels } from '../../src/k8s/labels';
import { synthesize, type K8sObject } from '../support/k8s-output';

// The apply itself, its second run and the prune run against a real API server in `npm run consumers`;
// these are the properties of the output that the ApplySet command relies on.

const EXAMPLES = path.join(REPO_ROOT, 'config', 'examples');
const example = (file: string, environment?: string) => parseConfig(readFileSync(path.join(EXAMPLES, file), 'utf8'), file, {}, environment);
const id = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass', 'ClusterIssuer']);

describe('server-side apply with an ApplySet removes what an environment no longer synthesizes', () => {
  const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));

  test.each(examples)('%s: every namespaced object is in the gateway namespace, which the output creates', (file) => {
    const config = example(file, 'staging');
    const { objects } = synthesize(config);
    // kubectl refuses an object outside --namespace, and the parent Secret lives in that namespace.
    for (const o of objects) expect([id(o), o.metadata.namespace]).toEqual([id(o), CLUSTER_SCOPED.has(o.kind) ? undefined : config.gateway.namespace]);
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual([config.gateway.namespace]);
    for (const o of objects) expect(o.metadata.labels).toMatchObject(ownerLabels('staging'));
  });

  test('a removed endpoint takes exactly its own objects out of the output', () => {
    const two = synthesize(example('two-endpoints.yaml'));
    const one = synthesize(parseConfig(readFileSync(path.join(EXAMPLES, 'two-endpoints.yaml'), 'utf8').replace(/ {2}- hostname: mcp\.wti\.net[\s\S]*$/, ''), 'one.yaml', {}));
    const kept = new Set(one.objects.map(id));
    expect(two.objects.filter((o) => !kept.has(id(o))).map(id).sort()).toEqual([
      'Certificate/wti-ai/mcp-wti-net',
      'HTTPRoute/wti-ai/mcp',
      'HTTPRoute/wti-ai/mcp-https-redirect',
      'SecurityPolicy/wti-ai/mcp-allowlist',
    ]);
    // The listener goes with the Gateway object itself, which stays and is applied anew.
    expect(one.find('Gateway').spec.listeners.map((l: any) => l.name)).toEqual(['http', 'https-conductor']);
  });

  test('each environment has its own parent, in its gateway namespace; the namespace is created first when missing', () => {
    const staging = example('staging.yaml', 'staging');
    expect(applySetParent('default')).not.toBe(applySetParent('staging'));
    expect(applyCommands(staging, 'dist-staging')).toEqual([
      `kubectl get namespace ${staging.gateway.namespace} >/dev/null 2>&1 || kubectl create namespace ${staging.gateway.namespace}`,
      `KUBECTL_APPLYSET=true kubectl apply --server-side --applyset=edge-staging --namespace=${staging.gateway.namespace} --prune -f dist-staging/`,
    ]);
  });
});
