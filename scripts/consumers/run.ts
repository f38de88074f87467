// `npm run consumers`: the synthesized output fed to the real consumers, offline, over the default
// configuration, every environment and every example. Builds the pinned tools once (build.sh, cache
// outside the repository), starts etcd and kube-apiserver on 127.0.0.1, installs the pinned CRDs, and
// per configuration: apply as the runbook does (server-side, ApplySet), apply again and find nothing
// changed, prune an added endpoint, `egctl x translate`, `kubectl-validate`, and the move from
// client-side apply. One line per configuration, then "N passed, N failed" (one per check).
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE, parseConfig } from '../../src/config/load';
import { REPO_ROOT } from '../../src/config/repo-root';
import type { Config } from '../../src/config/schema';
import { applyCommands, applySetParent } from '../../src/k8s/apply';
import { synthK8s } from '../../src/k8s/synth';
import { rootCa, serverCert } from '../../test/support/test-pki';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}
interface Result { code: number | null; stdout: string; stderr: string }

const HERE = __dirname;
const CRDS = path.join(REPO_ROOT, 'crds');
const work = mkdtempSync(path.join(tmpdir(), 'edge-consumers-'));
const children: ChildProcess[] = [];
const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: path.join(work, 'kubeconfig'), KUBECACHEDIR: path.join(work, 'kube-cache') };

const elapsed = (start: number) => `${Math.round((Date.now() - start) / 1000)}s`;
const say = (line: string) => process.stdout.write(`${line}\n`);

/** Runs a program to completion; a hung consumer is stopped after `timeoutMs` rather than hang CI. */
function run(command: string, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: 127, stdout, stderr: e.message }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.on('error', () => undefined); // a program that exits before reading its input
    child.stdin.end(options.input ?? '');
  });
}

const sh = (script: string) => run('bash', ['-o', 'pipefail', '-c', script]);
const kubectl = (args: string[], input?: string) => run('kubectl', args, { input });

/** The result's output, or a failure naming what ran and its first lines of error. */
function ok(what: string, r: Result): string {
  if (r.code !== 0) throw new Error(`${what}: exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' | ')}`);
  return r.stdout;
}

/** `count` distinct free ports on 127.0.0.1 (held together while chosen, so none repeats). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<Server>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve(server)).on('error', reject);
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

// A watchdog shell runs each server and stops it when this process is gone, however it ended:
// TERM, then KILL after five seconds (the data are throwaway).
const WATCHDOG = `stop() { kill $c 2>/dev/null; for _ in 1 2 3 4 5; do kill -0 $c 2>/dev/null || break; sleep 1; done; kill -9 $c 2>/dev/null; wait $c; exit 0; }
trap stop TERM INT
"$0" "$@" >>"$LOG" 2>&1 & c=$!
while kill -0 "$OWNER" 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 1; done
stop`;

function start(command: string, args: string[], log: string): ChildProcess {
  const child = spawn('bash', ['-c', WATCHDOG, command, ...args], { env: { ...env, LOG: path.join(work, log), OWNER: String(process.pid) }, stdio: 'ignore' });
  children.push(child);
  return child;
}

/** Stops kube-apiserver, then etcd (the watchdog bounds each stop), and removes the work folder. */
async function stopAll(): Promise<void> {
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
}

async function startCluster(): Promise<void> {
  const [client, peer, secure] = await freePorts(3);
  start('etcd', ['--name=consumers', `--data-dir=${path.join(work, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${client}`, `--advertise-client-urls=http://127.0.0.1:${client}`,
    `--listen-peer-urls=http://127.0.0.1:${peer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-cluster=consumers=http://127.0.0.1:${peer}`], 'etcd.log');
  const token = randomBytes(24).toString('hex');
  writeFileSync(path.join(work, 'tokens.csv'), `${token},consumers,consumers,system:masters\n`, { mode: 0o600 });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path.join(work, 'sa.key'), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  writeFileSync(path.join(work, 'sa.pub'), publicKey.export({ format: 'pem', type: 'spki' }));
  const certDir = path.join(work, 'pki');
  start('kube-apiserver', [`--etcd-servers=http://127.0.0.1:${client}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${secure}`,
    `--cert-dir=${certDir}`, `--token-auth-file=${path.join(work, 'tokens.csv')}`, '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc', `--service-account-key-file=${path.join(work, 'sa.pub')}`,
    `--service-account-signing-key-file=${path.join(work, 'sa.key')}`, '--service-cluster-ip-range=10.0.0.0/24',
    '--enable-priority-and-fairness=false', '--profiling=false'], 'kube-apiserver.log');
  writeFileSync(env.KUBECONFIG as string, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'consumers',
    clusters: [{ name: 'consumers', cluster: { server: `https://127.0.0.1:${secure}`, 'certificate-authority': path.join(certDir, 'apiserver.crt') } }],
    users: [{ name: 'consumers', user: { token } }],
    contexts: [{ name: 'consumers', context: { cluster: 'consumers', user: 'consumers' } }],
  }), { mode: 0o600 });
  // The self-signed serving certificate names the advertise address, 127.0.0.1; the client trusts it alone.
  // Ready when /readyz answers ok; a server that exits or never gets there ends the run (its log's tail shown).
  for (let attempt = 0; ; attempt++) {
    if (children.some((c) => c.exitCode !== null)) break;
    if ((await kubectl(['get', '--raw=/readyz'])).stdout.trim() === 'ok') return;
    if (attempt > 600) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const tail = (log: string) => { try { return readFileSync(path.join(work, log), 'utf8').trim().split('\n').slice(-3).join(' | '); } catch { return ''; } };
  throw new Error(`kube-apiserver did not become ready: ${tail('kube-apiserver.log')} ${tail('etcd.log')}`);
}

/** crds/<component>-<version>/: one folder per pinned release (crds/index.json beside them is no CRD). */
const crdFolders = () => readdirSync(CRDS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(CRDS, d.name)).sort();

/** The pinned CRDs, server-side, then until every one is Established. */
async function installCrds(): Promise<void> {
  ok('apply crds/', await kubectl(['apply', '--server-side', ...crdFolders().flatMap((d) => ['-f', d])]));
  ok('wait for CRDs', await kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=300s']));
}

// --- configurations ------------------------------------------------------------------------------

interface Configuration { label: string; file: string; environment?: string }

function configurations(): Configuration[] {
  const yamls = (dir: string) => { try { return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort(); } catch { return []; } };
  const environments = path.join(REPO_ROOT, 'config', 'environments');
  const examples = path.join(REPO_ROOT, 'config', 'examples');
  return [
    { label: 'default', file: DEFAULT_CONFIG_FILE },
    ...yamls(environments).map((f) => ({ label: `environment ${f.slice(0, -5)}`, file: path.join(environments, f), environment: f.slice(0, -5) })),
    ...yamls(examples).map((f) => ({ label: `example ${f.slice(0, -5)}`, file: path.join(examples, f) })),
  ];
}

/** The configuration as written, and with one more endpoint (with an allowlist) to prune afterwards. */
function load(c: Configuration): { config: Config; withExtra: Config } {
  const text = readFileSync(c.file, 'utf8');
  const config = parseConfig(text, c.file, {}, c.environment);
  const raw = parseYaml(text) as { endpoints: unknown[] };
  raw.endpoints = [...raw.endpoints, { hostname: `consumers-prune.${config.dns.domain}`, backend: 'placeholder', allowCidrs: ['192.0.2.0/24'] }];
  return { config, withExtra: parseConfig(stringify(raw), c.file, {}, c.environment) };
}

function synth(config: Config, name: string): { dir: string; objects: K8sObject[] } {
  const dir = path.join(work, name);
  mkdirSync(dir);
  const files = synthK8s(config, dir);
  const objects = files.flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as K8sObject));
  return { dir, objects };
}

const group = (o: K8sObject) => (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '');
const id = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const resourceTypes = (objects: K8sObject[]) => [...new Set(objects.map((o) => (group(o) ? `${o.kind.toLowerCase()}.${group(o)}` : o.kind.toLowerCase())))].join(',');

/** Live objects of the given kinds that carry the label selector. */
async function listed(kinds: K8sObject[], selector: string): Promise<K8sObject[]> {
  return JSON.parse(ok('list objects', await kubectl(['get', resourceTypes(kinds), '-A', '-l', selector, '-o', 'json']))).items as K8sObject[];
}

/** The live members of the environment's ApplySet (kubectl labels each with the parent's id). */
const applySetIds = new Map<string, string>();
async function liveSet(config: Config, kinds: K8sObject[]): Promise<K8sObject[]> {
  const key = `${config.gateway.namespace}/${applySetParent(config.environment)}`;
  const parent = applySetIds.get(key) ?? ok('get ApplySet parent', await kubectl(['get', 'secret', applySetParent(config.environment), '-n', config.gateway.namespace,
    '-o', 'jsonpath={.metadata.labels.applyset\\.kubernetes\\.io/id}']));
  if (!parent) throw new Error(`the ApplySet parent secret/${applySetParent(config.environment)} has no id label`);
  applySetIds.set(key, parent); // the id is a hash of the parent's name and namespace: fixed per parent
  return listed(kinds, `applyset.kubernetes.io/part-of=${parent}`);
}

/** Ids of objects whose `view` differs between two listings (or that only one holds). */
function differing(before: K8sObject[], after: K8sObject[], view: (o: K8sObject) => unknown): string[] {
  const was = new Map(before.map((o) => [id(o), JSON.stringify(view(o))]));
  const ids = new Set([...before.map(id), ...after.map(id)]);
  const now = new Map(after.map((o) => [id(o), JSON.stringify(view(o))]));
  return [...ids].filter((i) => was.get(i) !== now.get(i));
}

/** Every field written in the manifest is stored with the same value (nothing dropped or rewritten). */
function changedFields(written: unknown, live: unknown, at: string): string[] {
  if (Array.isArray(written)) {
    if (!Array.isArray(live) || live.length !== written.length) return [`${at}: ${JSON.stringify(written)} is stored as ${JSON.stringify(live)}`];
    return written.flatMap((w, i) => changedFields(w, live[i], `${at}[${i}]`));
  }
  if (written !== null && typeof written === 'object') {
    if (live === null || typeof live !== 'object') return [`${at}: stored as ${JSON.stringify(live)}`];
    return Object.entries(written).flatMap(([k, w]) => changedFields(w, (live as Record<string, unknown>)[k], `${at}.${k}`));
  }
  return written === live ? [] : [`${at}: ${JSON.stringify(written)} is stored as ${JSON.stringify(live)}`];
}

async function apply(config: Config, dir: string): Promise<string> {
  let out = '';
  for (const command of applyCommands(config, dir)) out += ok(command.split(' -f ')[0], await sh(command));
  return out;
}

/** An object as the output wrote it before: HTTPRoute defaults left to the server, zero values written. */
function earlierForm(object: K8sObject): K8sObject {
  type Rule = { matches?: unknown; filters?: unknown; backendRefs?: { weight?: number }[] };
  const o = structuredClone(object) as K8sObject & { spec: { rules?: Rule[]; template: { spec: object } } };
  if (o.kind === 'Deployment') Object.assign(o.spec, { minReadySeconds: 0, template: { ...o.spec.template, spec: { ...o.spec.template.spec, hostNetwork: false } } });
  for (const rule of o.kind === 'HTTPRoute' ? o.spec.rules ?? [] : []) {
    if (rule.filters && JSON.stringify(rule.matches) === JSON.stringify([{ path: { type: 'PathPrefix', value: '/' } }])) delete rule.matches;
    for (const ref of rule.backendRefs ?? []) if (ref.weight === 1) delete ref.weight;
  }
  return o;
}

/** Deletes everything a configuration left, so the next starts on an empty cluster. */
async function cleanUp(objects: K8sObject[], config: Config): Promise<void> {
  await kubectl(['delete', resourceTypes(objects), '-A', '-l', 'app.kubernetes.io/part-of=edge', '--wait=false', '--ignore-not-found']);
  await deleteNamespace(config.gateway.namespace, []);
}

/** `kubectl delete namespace` done as its controller would (none runs here): the objects of these kinds and every Secret in it, then the namespace. */
async function deleteNamespace(namespace: string, kinds: K8sObject[]): Promise<void> {
  const types = [resourceTypes(kinds.filter((o) => o.metadata.namespace)), 'secret'].filter(Boolean).join(',');
  await kubectl(['delete', types, '-n', namespace, '--all', '--wait=false', '--ignore-not-found']);
  if ((await kubectl(['delete', 'namespace', namespace, '--wait=false'])).code !== 0) return;
  const ns = await kubectl(['get', 'namespace', namespace, '-o', 'json']);
  if (ns.code !== 0) return;
  const object = JSON.parse(ns.stdout);
  object.spec = { finalizers: [] };
  ok('finalize namespace', await kubectl(['replace', '--raw', `/api/v1/namespaces/${namespace}/finalize`, '-f', '-'], JSON.stringify(object)));
}

/** A throwaway TLS Secret for every Secret a listener names (cert-manager makes the real ones). */
function tlsSecrets(objects: K8sObject[]): K8sObject[] {
  const ca = rootCa('consumers');
  return objects.filter((o) => o.kind === 'Gateway').flatMap((gw) => {
    const listeners = (gw.spec as { listeners?: { hostname?: string; tls?: { certificateRefs?: { name: string; namespace?: string }[] } }[] }).listeners ?? [];
    return listeners.flatMap((l) => (l.tls?.certificateRefs ?? []).map((ref) => {
      const cert = serverCert(ca, [l.hostname ?? 'example.invalid']);
      return {
        apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: ref.name, namespace: ref.namespace ?? gw.metadata.namespace },
        data: { 'tls.crt': Buffer.from(cert.cert).toString('base64'), 'tls.key': Buffer.from(cert.key).toString('base64') },
      };
    }));
  });
}

interface Condition { type: string; status: string; message?: string }
interface Status {
  conditions?: Condition[];
  listeners?: { name: string; conditions?: Condition[] }[];
  parents?: { parentRef?: { name?: string; sectionName?: string }; conditions?: Condition[] }[];
  ancestors?: { ancestorRef?: { name?: string }; conditions?: Condition[] }[];
}

/** The team's own backend Services the routes name (they live in the cluster, not in the output). */
function teamServices(objects: K8sObject[]): K8sObject[] {
  const have = new Set(objects.filter((o) => o.kind === 'Service').map(id));
  const refs = objects.filter((o) => o.kind === 'HTTPRoute').flatMap((route) =>
    ((route.spec as { rules?: { backendRefs?: { kind?: string; name: string; port: number }[] }[] }).rules ?? [])
      .flatMap((r) => r.backendRefs ?? []).filter((b) => (b.kind ?? 'Service') === 'Service')
      .map((b) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: b.name, namespace: route.metadata.namespace }, spec: { ports: [{ port: b.port }] } })));
  return [...new Map(refs.filter((o) => !have.has(id(o))).map((o) => [id(o), o])).values()];
}

/**
 * Negative-polarity conditions, healthy when False: Gateway API's listener Conflicted and
 * OverlappingTLSConfig, route PartiallyInvalid (apis/v1 at v1.6.1), Envoy Gateway's policy Overridden
 * (api/v1alpha1/shared_types.go at v1.9.0).
 */
const ABNORMAL_WHEN_TRUE = new Set(['Conflicted', 'OverlappingTLSConfig', 'PartiallyInvalid', 'Overridden']);

/** Every status condition egctl reports (Gateway, listeners, route parents, policy ancestors) is healthy: True, or False where True means trouble. */
function falseConditions(translated: unknown): string[] {
  const problems: string[] = [];
  let seen = 0;
  const check = (where: string, conditions: Condition[] = []) => {
    seen += conditions.length;
    for (const c of conditions) if (c.status !== (ABNORMAL_WHEN_TRUE.has(c.type) ? 'False' : 'True')) problems.push(`${where}: ${c.type}=${c.status}: ${c.message ?? ''}`);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node === null || typeof node !== 'object') return;
    const o = node as { kind?: string; metadata?: { name?: string }; status?: Status };
    if (typeof o.kind === 'string' && o.status) {
      const where = `${o.kind}/${o.metadata?.name}`;
      check(where, o.status.conditions);
      for (const l of o.status.listeners ?? []) check(`${where} listener ${l.name}`, l.conditions);
      for (const p of o.status.parents ?? []) check(`${where} parent ${p.parentRef?.sectionName ?? p.parentRef?.name}`, p.conditions);
      for (const a of o.status.ancestors ?? []) check(`${where} ancestor ${a.ancestorRef?.name}`, a.conditions);
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(translated);
  return seen === 0 ? ['egctl reported no conditions'] : problems;
}

type Check = [name: string, body: () => Promise<void>];

async function checkConfiguration(c: Configuration): Promise<{ name: string; error?: string }[]> {
  const { config, withExtra } = load(c);
  const slug = c.label.replace(/\W+/g, '-');
  const full = synth(withExtra, `${slug}-with-extra`);
  const own = synth(config, slug);
  const kept = new Set(own.objects.map(id));
  const extra = full.objects.filter((o) => !kept.has(id(o)));
  const checks: Check[] = [
    ['apply', async () => { await apply(config, full.dir); }],
    ['re-apply unchanged', async () => {
      const first = await liveSet(config, full.objects);
      await apply(config, full.dir);
      const second = await liveSet(config, full.objects);
      // Gateway API CRDs default a status the first update persists (no controller writes one here):
      // the second apply may bump a resourceVersion with nothing changed; the third must not.
      const changed = differing(first, second, (o) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } }));
      if (changed.length > 0) throw new Error(`changed by the second apply: ${changed.join(', ')}`);
      await apply(config, full.dir);
      const rewritten = differing(second, await liveSet(config, full.objects), (o) => o.metadata.resourceVersion);
      if (rewritten.length > 0) throw new Error(`written again by the third apply: ${rewritten.join(', ')}`);
      const live = new Map(second.map((o) => [id(o), o]));
      const missing = full.objects.filter((o) => !live.has(id(o))).map(id);
      if (missing.length > 0) throw new Error(`not in the ApplySet: ${missing.join(', ')}`);
      const dropped = full.objects.flatMap((o) => changedFields(o, live.get(id(o)), id(o)));
      if (dropped.length > 0) throw new Error(`stored differently than written: ${dropped.slice(0, 3).join('; ')}`);
    }],
    ['prune', async () => {
      if (extra.length === 0) throw new Error('the added endpoint added no object');
      await apply(config, own.dir);
      const live = new Set((await liveSet(config, full.objects)).map(id));
      const left = extra.filter((o) => live.has(id(o))).map(id);
      const lost = own.objects.filter((o) => !live.has(id(o))).map(id);
      if (left.length > 0 || lost.length > 0) throw new Error(`not pruned: ${left.join(', ') || '-'}; missing: ${lost.join(', ') || '-'}`);
      ok('Namespace kept', await kubectl(['get', 'namespace', config.gateway.namespace]));
    }],
    ['namespace move', async () => {
      // The runbook's "Moving the gateway namespace", which npm run diff describes: the apply in the
      // new namespace is another ApplySet. It takes the cluster-scoped objects over and leaves the
      // old namespace's objects running; deleting that namespace leaves the new set whole.
      const from = config.gateway.namespace;
      const movedConfig: Config = { ...config, gateway: { ...config.gateway, namespace: `${from}-moved` } };
      const moved = synth(movedConfig, `${slug}-moved`);
      try {
        await apply(movedConfig, moved.dir);
        const namespaced = own.objects.filter((o) => o.metadata.namespace === from).map(id);
        const old = new Set((await liveSet(config, own.objects)).map(id));
        const pruned = namespaced.filter((i) => !old.has(i));
        const kept = [...old].filter((i) => !namespaced.includes(i) && i !== `Namespace//${from}`);
        if (pruned.length > 0 || kept.length > 0) throw new Error(`the old set after the move: gone ${pruned.join(', ') || '-'}; still holds ${kept.join(', ') || '-'}`);
        await deleteNamespace(from, own.objects);
        // Applied again, as after any change: the second apply may persist the CRDs' status defaults
        // (see re-apply unchanged); the one after it must write nothing.
        await apply(movedConfig, moved.dir);
        const before = await liveSet(movedConfig, moved.objects);
        const missing = moved.objects.map(id).filter((i) => !before.some((o) => id(o) === i));
        if (missing.length > 0) throw new Error(`not in the new set once the old namespace is gone: ${missing.join(', ')}`);
        await apply(movedConfig, moved.dir);
        const rewritten = differing(before, await liveSet(movedConfig, moved.objects), (o) => o.metadata.resourceVersion);
        if (rewritten.length > 0) throw new Error(`written again by the apply after the move: ${rewritten.join(', ')}`);
      } finally {
        await cleanUp(moved.objects, movedConfig);
      }
    }],
    ['egctl translate', async () => {
      const input = path.join(work, `${slug}-egctl.yaml`);
      // egctl refuses kinds it does not know (cert-manager's, apps/v1, ...): Gateway API, Envoy Gateway and core only.
      const translated = own.objects.filter((o) => /^gateway\.(networking\.k8s\.io|envoyproxy\.io)\//.test(o.apiVersion) || o.apiVersion === 'v1');
      writeFileSync(input, [...translated, ...tlsSecrets(own.objects), ...teamServices(own.objects)].map((o) => stringify(o)).join('---\n'));
      const out = ok('egctl x translate', await run('egctl', ['x', 'translate', '--from', 'gateway-api', '--to', 'gateway-api', '-o', 'yaml', '-f', input]));
      const problems = falseConditions(parseAllDocuments(out).map((d) => d.toJS()));
      if (problems.length > 0) throw new Error(problems.slice(0, 3).join('; '));
    }],
    ['kubectl-validate', async () => {
      // Built-in kinds from the running v1.33 server's OpenAPI (KUBECONFIG); the pinned CRDs from crds/.
      ok('kubectl-validate', await run('kubectl-validate', [own.dir, `--local-crds=${crdFolders().join(',')}`]));
    }],
    ['from client-side apply', async () => {
      // A cluster applied client-side (`kubectl apply -f dist/`) from the output as written before it
      // carried the CRD defaults and left out dropped zero values, switched to the runbook's apply:
      // no conflict, and every object joins the set.
      await cleanUp(full.objects, config);
      ok('kubectl apply (client-side)', await kubectl(['apply', '-f', '-'], own.objects.map((o) => stringify(earlierForm(o))).join('---\n')));
      await apply(config, own.dir);
      const members = new Set((await liveSet(config, own.objects)).map(id));
      const outside = own.objects.filter((o) => !members.has(id(o))).map(id);
      if (outside.length > 0) throw new Error(`not in the ApplySet after the switch: ${outside.join(', ')}`);
      // Argo CD applies client-side unless told otherwise: once the output is applied, applying it
      // again writes nothing. (kubectl prints "configured" for a PodDisruptionBudget every time: its
      // selector is patched whole, patchStrategy replace; the server finds nothing to change.)
      const ours = `app.kubernetes.io/part-of=edge,app.kubernetes.io/instance=${config.environment}`;
      ok('kubectl apply (client-side) of the output', await kubectl(['apply', '-f', `${own.dir}/`]));
      const before = await listed(own.objects, ours);
      ok('kubectl apply (client-side) again', await kubectl(['apply', '-f', `${own.dir}/`]));
      const rewritten = differing(before, await listed(own.objects, ours), (o) => o.metadata.resourceVersion);
      if (rewritten.length > 0) throw new Error(`written again by a second client-side apply: ${rewritten.join(', ')}`);
    }],
  ];
  const outcome = async ([name, body]: Check) => {
    try {
      await body();
      return { name };
    } catch (error) {
      return { name, error: (error as Error).message };
    }
  };
  // The translator and the validator only read: they run beside the checks that change the cluster.
  const offline = new Set(['egctl translate', 'kubectl-validate']);
  const beside = Promise.all(checks.filter(([name]) => offline.has(name)).map(outcome));
  const results: { name: string; error?: string }[] = [];
  try {
    for (const check of checks.filter(([name]) => !offline.has(name))) results.push(await outcome(check));
  } finally {
    await cleanUp(full.objects, config);
  }
  const done = [...results, ...(await beside)];
  return checks.map(([name]) => done.find((r) => r.name === name) as { name: string; error?: string });
}

async function main(): Promise<number> {
  const started = Date.now();
  say('consumers: building or reusing the pinned tools (scripts/consumers/versions.env)');
  const build = spawn('bash', [path.join(HERE, 'build.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let bins = '';
  build.stdout.on('data', (d) => (bins += d));
  const built = await new Promise<number | null>((resolve) => build.on('close', resolve));
  if (built !== 0) return 1;
  env.PATH = `${bins.trim().split('\n').pop()}:${env.PATH}`;
  say(`consumers: tools ready in ${elapsed(started)}`);

  let t = Date.now();
  await startCluster();
  await installCrds();
  say(`consumers: etcd and kube-apiserver on 127.0.0.1, pinned CRDs established, in ${elapsed(t)}`);

  let passed = 0;
  let failed = 0;
  for (const c of configurations()) {
    t = Date.now();
    let results: { name: string; error?: string }[];
    try {
      results = await checkConfiguration(c);
    } catch (error) {
      results = [{ name: 'synthesize', error: (error as Error).message }];
    }
    const bad = results.filter((r) => r.error);
    passed += results.length - bad.length;
    failed += bad.length;
    say(`${bad.length === 0 ? 'PASS' : 'FAIL'} ${c.label}: ${results.map((r) => `${r.name} ${r.error ? 'FAILED' : 'ok'}`).join(', ')} (${elapsed(t)})`);
    for (const r of bad) say(`  ${r.name}: ${r.error}`);
  }
  say(`consumers: done in ${elapsed(started)}`);
  say(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.on('uncaughtException', (error) => {
  say(`consumers: ${error.message}`);
  void stopAll().then(() => process.exit(1));
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void stopAll().then(() => process.exit(128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal])));
}

void main().then((code) => code, (error) => {
  say(`consumers: ${(error as Error).message}`);
  return 1;
}).then(async (code) => {
  await stopAll();
  process.exit(code);
});
