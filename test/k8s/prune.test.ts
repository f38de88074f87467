import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig, REPO_ROOT } from '../../src/config/load';
import { NEVER_PRUNED, PRUNE_ALLOWLIST, pruneCommand, pruneSelector } from '../../src/k8s/prune';
import { synthesize, type K8sObject } from '../support/k8s-output';

const EXAMPLES = path.join(REPO_ROOT, 'config', 'examples');
const example = (file: string, environment?: string) => parseConfig(readFileSync(path.join(EXAMPLES, file), 'utf8'), file, {}, environment);
const gvk = (o: K8sObject) => `${o.apiVersion.includes('/') ? o.apiVersion : `core/${o.apiVersion}`}/${o.kind}`;
const selectorLabels = (environment: string) => Object.fromEntries(pruneSelector(environment).split(',').map((kv) => kv.split('=')));
const id = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe('kubectl apply --prune removes what an environment no longer synthesizes', () => {
  const outputs = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).map((f) => synthesize(example(f, 'staging')));

  test('every object carries the environment selector and is of a kind the command prunes (or never prunes)', () => {
    const known = new Set<string>([...PRUNE_ALLOWLIST, ...NEVER_PRUNED]);
    for (const { objects } of outputs) {
      for (const o of objects) {
        expect(o.metadata.labels).toMatchObject(selectorLabels('staging'));
        expect(known.has(gvk(o))).toBe(true);
      }
    }
  });

  test('the allowlist names exactly the kinds the charts synthesize, Namespace aside', () => {
    const kinds = new Set(outputs.flatMap(({ objects }) => objects.map(gvk)));
    expect([...kinds].sort()).toEqual([...PRUNE_ALLOWLIST, ...NEVER_PRUNED].sort());
  });

  test('a removed endpoint leaves the output, and everything it had is prunable', () => {
    const two = synthesize(example('two-endpoints.yaml'));
    const one = synthesize(parseConfig(readFileSync(path.join(EXAMPLES, 'two-endpoints.yaml'), 'utf8').replace(/ {2}- hostname: mcp\.wti\.net[\s\S]*$/, ''), 'one.yaml', {}));
    const kept = new Set(one.objects.map(id));
    const removed = two.objects.filter((o) => !kept.has(id(o)));
    expect(removed.map(id).sort()).toEqual([
      'Certificate/wti-ai/mcp-wti-net',
      'HTTPRoute/wti-ai/mcp',
      'HTTPRoute/wti-ai/mcp-https-redirect',
      'SecurityPolicy/wti-ai/mcp-allowlist',
    ]);
    for (const o of removed) {
      expect(PRUNE_ALLOWLIST).toContain(gvk(o));
      expect(o.metadata.labels).toMatchObject(selectorLabels('default'));
    }
    // The listener goes with the Gateway object itself, which stays and is applied anew.
    expect(one.find('Gateway').spec.listeners.map((l: any) => l.name)).toEqual(['http', 'https-conductor']);
  });

  test('environments select only their own objects', () => {
    expect(pruneSelector('default')).toBe('app.kubernetes.io/part-of=edge,app.kubernetes.io/instance=default');
    expect(pruneSelector('staging')).toBe('app.kubernetes.io/part-of=edge,app.kubernetes.io/instance=staging');
  });

  test('the command applies the folder, prunes by the selector and lists every allowed kind', () => {
    const command = pruneCommand('default', 'dist');
    expect(command.split(' \\\n  ')).toEqual([
      'kubectl apply -f dist/ --prune -l app.kubernetes.io/part-of=edge,app.kubernetes.io/instance=default',
      ...PRUNE_ALLOWLIST.map((k) => `--prune-allowlist=${k}`),
    ]);
    expect(command).not.toContain('Namespace');
  });
});
