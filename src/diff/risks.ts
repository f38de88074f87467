import type { ObjectChange } from './k8s-diff';
import { RISKS, type FieldChange, type Risk } from './model';
import type { BlockChange } from './terraform-diff';
import { isRecord, type TerraformBlock } from './tree';

/** Risks with the reason for each, in words for the report. */
export interface Assessment {
  readonly risks: Risk[];
  readonly notes: string[];
}

class Findings {
  private readonly found = new Map<Risk, string[]>();
  /** Without a note when the change already says why (a replacement's cause). */
  add(risk: Risk, note?: string): void {
    this.found.set(risk, [...(this.found.get(risk) ?? []), ...(note ? [note] : [])]);
  }
  private readonly facts: string[] = [];
  /** What a reviewer should know that is no risk (what an allowlist admits, which issuer a certificate uses). */
  info(note: string): void {
    this.facts.push(note);
  }
  result(): Assessment {
    const risks = RISKS.filter((r) => this.found.has(r));
    return { risks, notes: [...risks.flatMap((r) => this.found.get(r)!.map((n) => `${r}: ${n}`)), ...this.facts] };
  }
}

const touches = (fields: readonly FieldChange[], pattern: RegExp) => fields.filter((f) => pattern.test(f.path));
const list = (fields: readonly FieldChange[]) => fields.map((f) => `\`${f.path}\``).join(', ');
const get = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), value);

const PUBLIC_DNS_TYPES = new Set(['google_dns_record_set', 'google_dns_managed_zone', 'google_dns_response_policy_rule']);
const IAM_TYPE = /_iam_(member|binding|policy|custom_role)$|^google_service_account(_key)?$/;
const RBAC_KINDS = new Set(['ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const PUBLIC_MEMBERS = /"(allUsers|allAuthenticatedUsers)"/;

/**
 * A value for the report with its references resolved to what they name: a record's
 * `${data.google_compute_address.x.address}` is "the address of google_compute_address wti-ai-gw-ip".
 */
export function describeValue(value: unknown, blocks: readonly TerraformBlock[]): string {
  const text = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  return text.replace(/\$\{((data\.)?([a-z0-9_]+)\.([\w-]+))\.([a-z0-9_]+)[^}]*\}/g, (whole, address: string, _data, type: string, id: string, attribute: string) => {
    const block = blocks.find((b) => b.address === address);
    if (!block) return whole;
    const name = typeof block.body.name === 'string' ? block.body.name : id;
    return `the ${attribute} of ${type} ${name}`;
  });
}

/** The risks of a Terraform change: destroy, replace, public-dns, iam, exposure, tls. */
export function assessTerraform(change: BlockChange, describe: (value: unknown) => string = (v) => describeValue(v, [])): Assessment {
  const { action, block, fields } = change;
  const findings = new Findings();
  const type = block.type ?? '';
  if (block.kind === 'terraform' && action === 'change') {
    // A new state location starts from empty state: Terraform would create every resource again
    // and leave the ones in the old state running (and their names taken).
    const moved = touches(fields, /^backend\./);
    if (moved.length > 0) {
      findings.add('replace', `the stack's state moves (${list(moved)}): migrate it first (terraform init -migrate-state, or move the local file), else Terraform starts from empty state and the old resources are orphaned`);
    }
  }
  if (block.mode !== 'managed') return findings.result();
  if (action === 'remove') findings.add('destroy', `Terraform destroys ${block.address}`);
  if (action === 'replace') findings.add('replace');
  if ((action === 'replace' || action === 'remove') && block.body.deletion_protection === true) {
    findings.info('deletion_protection is true: the apply fails until a deploy sets it false first');
  }
  if (PUBLIC_DNS_TYPES.has(type) && get(block.body, 'visibility') !== 'private') {
    const verb = action === 'add' ? 'creates' : action === 'remove' ? 'deletes' : action === 'replace' ? 'replaces' : 'changes';
    const what = type === 'google_dns_record_set' ? `${String(block.body.type ?? '')} record ${String(block.body.name ?? '')} -> ${describe(block.body.rrdatas ?? [])}` : `zone ${String(block.body.dns_name ?? block.body.name ?? '')}`;
    findings.add('public-dns', `${verb} public ${what}`);
  }
  if (IAM_TYPE.test(type)) findings.add('iam', `${action} of ${type}${block.body.role ? ` (${describe(block.body.role)})` : ''}`);
  if (PUBLIC_MEMBERS.test(JSON.stringify(block.body))) findings.add('exposure', 'grants to allUsers / allAuthenticatedUsers');
  if (type === 'google_compute_firewall') findings.add('exposure', `firewall rule ${action}`);
  if (type === 'google_container_cluster') {
    const access = touches(fields, /^(private_cluster_config|master_authorized_networks_config|control_plane_endpoints_config)/);
    if (access.length > 0) findings.add('exposure', `control plane or node access changes: ${list(access)}`);
  }
  if (type === 'google_storage_bucket') {
    const access = touches(fields, /^(public_access_prevention|uniform_bucket_level_access)/);
    if (access.length > 0) findings.add('exposure', `bucket access changes: ${list(access)}`);
  }
  if (/^google_(certificate_manager_|compute_(managed_)?ssl_certificate)/.test(type)) findings.add('tls', `${action} of ${type}`);
  return findings.result();
}

const keyOf = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

/**
 * The risks of a Kubernetes change: destroy, iam, exposure (listeners, allowlists, cross-namespace
 * routes, load balancers), tls. `all` is every change of the environment: what leaves together
 * (an endpoint's route and its allowlist) exposes nothing, and an allowlist put on a route that
 * already served everyone locks clients out.
 */
export function assessK8s(change: ObjectChange, all: readonly ObjectChange[] = []): Assessment {
  const { action, object, before, fields } = change;
  const inChange = (act: ObjectChange['action']) => new Set(all.filter((c) => c.action === act).map((c) => keyOf(c.object.kind, c.object.namespace, c.object.name)));
  const removed = inChange('remove');
  const added = inChange('add');
  const targetKeys = (s: unknown) => targetRefs(s).map((r) => keyOf(r.kind, object.namespace, r.name));
  const findings = new Findings();
  const spec = object.body.spec;
  const label = `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
  if (action === 'remove') findings.add('destroy', `${label} is no longer synthesized: it stays in the cluster until pruned, or is deleted by a pruning apply`);

  switch (object.kind) {
    case 'Gateway': {
      if (action === 'add') findings.add('exposure', `new Gateway with listeners ${listenerNames(spec).join(', ')}`);
      const listeners = touches(fields, /^spec\.listeners/);
      const whole = (f: FieldChange) => /^spec\.listeners\[[^\]]+\]$/.test(f.path);
      const newListeners = listeners.filter((f) => f.action === 'add' && whole(f));
      // A listener that goes serves nothing any more: less is reachable, not more.
      const gone = listeners.filter((f) => f.action === 'remove' && whole(f));
      const other = listeners.filter((f) => !newListeners.includes(f) && !gone.includes(f));
      if (newListeners.length > 0) findings.add('exposure', `new listener ${newListeners.map((f) => listenerLabel(f.after)).join(', ')}`);
      if (gone.length > 0) findings.info(`listener ${gone.map((f) => listenerLabel(f.before)).join(', ')} removed: its hostname is no longer served`);
      if (other.length > 0) findings.add('exposure', `listeners change: ${list(other)}`);
      const tls = touches(fields, /^spec\.listeners\[[^\]]+\]\.tls/);
      if (tls.length > 0) findings.add('tls', `listener certificates change: ${list(tls)}`);
      if (allowsOtherNamespaces(spec)) findings.add('exposure', 'a listener accepts routes from other namespaces');
      break;
    }
    case 'HTTPRoute':
    case 'GRPCRoute':
    case 'TLSRoute':
    case 'TCPRoute': {
      const crossNamespace = (Array.isArray(get(spec, 'parentRefs')) ? get(spec, 'parentRefs') as unknown[] : [])
        .some((ref) => typeof get(ref, 'namespace') === 'string' && get(ref, 'namespace') !== object.namespace);
      if (crossNamespace && action !== 'remove') findings.add('exposure', 'attaches to a Gateway in another namespace');
      if (action === 'add' && JSON.stringify(spec ?? {}).includes('"backendRefs"')) findings.add('exposure', `new route to ${backends(spec).join(', ')} for ${hostnames(spec)}`);
      const routing = touches(fields, /^spec\.(rules.*backendRefs|parentRefs)/);
      if (routing.length > 0) findings.add('exposure', `routing changes: ${list(routing)}`);
      break;
    }
    case 'ReferenceGrant':
      // Withdrawn, routes that relied on it stop resolving: an outage, not an exposure.
      if (action !== 'remove') findings.add('exposure', 'cross-namespace references allowed');
      break;
    case 'SecurityPolicy': {
      if (action === 'remove') {
        const staying = targetKeys(before?.body.spec).filter((k) => !removed.has(k));
        if (staying.length > 0) findings.add('exposure', `allowlist removed: ${targets(before?.body.spec)} open to every client`);
        else findings.info(`allowlist removed with ${targets(before?.body.spec)}`);
      }
      if (action === 'add') {
        findings.info(`allowlist: only ${cidrs(spec).join(', ') || 'no client'} may reach ${targets(spec)} (default ${String(get(spec, 'authorization', 'defaultAction') ?? 'Allow')})`);
        const existing = targetRefs(spec).filter((r) => !added.has(keyOf(r.kind, object.namespace, r.name)));
        if (existing.length > 0) {
          findings.add('exposure', `allowlist put on ${existing.map((r) => `${r.kind} ${r.name}`).join(', ')}, which served every client: clients outside ${cidrs(spec).join(', ') || '(none)'} lose access`);
        }
      }
      const rules = touches(fields, /^spec\.(authorization|targetRefs|targetRef|targetSelectors)/);
      if (rules.length > 0) findings.add('exposure', `allowlist changes: ${list(rules)}`);
      break;
    }
    case 'NetworkPolicy': {
      if (action === 'remove') findings.add('exposure', 'network policy removed: pods accept traffic from anywhere in the cluster');
      const rules = touches(fields, /^spec\./);
      if (rules.length > 0) findings.add('exposure', `network policy changes: ${list(rules)}`);
      break;
    }
    case 'Service': {
      const lb = get(spec, 'type') === 'LoadBalancer' || get(before?.body.spec, 'type') === 'LoadBalancer';
      if (lb && action !== 'remove') findings.add('exposure', `Service of type LoadBalancer ${action === 'add' ? 'added' : `changes: ${list(fields)}`}`);
      break;
    }
    case 'EnvoyProxy': {
      const lb = get(spec, 'provider', 'kubernetes', 'envoyService', 'type') ?? 'LoadBalancer';
      const service = touches(fields, /^spec\.provider\.kubernetes\.envoyService/);
      if (lb === 'LoadBalancer' && action === 'add') findings.add('exposure', 'Envoy proxies behind a new LoadBalancer Service');
      if (service.length > 0) findings.add('exposure', `Envoy load balancer Service changes: ${list(service)}`);
      break;
    }
    case 'ClusterIssuer':
    case 'Issuer': {
      if (action === 'remove') findings.add('tls', `issuer ${object.name} removed: certificates that use it stop renewing`);
      const server = fields.find((f) => f.path === 'spec.acme.server');
      if (server) findings.add('tls', `ACME server ${String(server.before)} -> ${String(server.after)}`);
      const other = touches(fields, /^spec\./).filter((f) => f !== server);
      if (other.length > 0) findings.add('tls', `issuer changes: ${list(other)}`);
      break;
    }
    case 'Certificate': {
      if (action === 'add') findings.info(`certificate for ${String((get(spec, 'dnsNames') as string[] | undefined)?.join(', '))} from ${String(get(spec, 'issuerRef', 'kind'))} ${String(get(spec, 'issuerRef', 'name'))} into Secret ${String(get(spec, 'secretName'))}`);
      if (action === 'remove') findings.add('tls', `certificate ${object.name} removed: ${String(get(before?.body.spec, 'secretName') ?? 'its Secret')} is no longer renewed`);
      const issuer = touches(fields, /^spec\.issuerRef/);
      if (issuer.length > 0) findings.add('tls', `issuer switch: ${issuer.map((f) => `${String(f.before ?? '(none)')} -> ${String(f.after ?? '(none)')}`).join(', ')}`);
      const other = touches(fields, /^spec\./).filter((f) => !issuer.includes(f));
      if (other.length > 0) findings.add('tls', `certificate changes: ${list(other)}`);
      break;
    }
    case 'Secret':
      if (action === 'remove' && get(before?.body, 'type') === 'kubernetes.io/tls') findings.add('tls', 'TLS Secret removed');
      break;
    default:
      break;
  }
  if (RBAC_KINDS.has(object.kind)) findings.add('iam', `${object.kind} ${action}`);
  const identity = touches(fields, /^metadata\.annotations\["iam\.gke\.io\//);
  if (identity.length > 0) findings.add('iam', `Workload Identity binding changes: ${list(identity)}`);
  return findings.result();
}

function listenerNames(spec: unknown): string[] {
  const listeners = get(spec, 'listeners');
  return Array.isArray(listeners) ? listeners.map((l) => String(get(l, 'name'))) : [];
}

function listenerLabel(listener: unknown): string {
  const host = get(listener, 'hostname');
  return `${String(get(listener, 'name'))} (${String(get(listener, 'protocol'))}/${String(get(listener, 'port'))}${host ? ` ${String(host)}` : ''})`;
}

function allowsOtherNamespaces(spec: unknown): boolean {
  const listeners = get(spec, 'listeners');
  return Array.isArray(listeners) && listeners.some((l) => {
    const from = get(l, 'allowedRoutes', 'namespaces', 'from');
    return from === 'All' || from === 'Selector';
  });
}

function backends(spec: unknown): string[] {
  const rules = get(spec, 'rules');
  const refs = (Array.isArray(rules) ? rules : []).flatMap((r) => (Array.isArray(get(r, 'backendRefs')) ? get(r, 'backendRefs') as unknown[] : []));
  return [...new Set(refs.map((r) => `${String(get(r, 'kind') ?? 'Service')} ${String(get(r, 'name'))}`))];
}

function hostnames(spec: unknown): string {
  const hosts = get(spec, 'hostnames');
  return Array.isArray(hosts) && hosts.length > 0 ? hosts.join(', ') : 'every hostname of its listener';
}

function targetRefs(spec: unknown): { kind: string; name: string }[] {
  const refs = get(spec, 'targetRefs');
  return (Array.isArray(refs) ? refs : []).map((r) => ({ kind: String(get(r, 'kind')), name: String(get(r, 'name')) }));
}

function targets(spec: unknown): string {
  const refs = targetRefs(spec);
  return refs.length > 0 ? refs.map((r) => `${r.kind} ${r.name}`).join(', ') : 'its target';
}

function cidrs(spec: unknown): string[] {
  const rules = get(spec, 'authorization', 'rules');
  return (Array.isArray(rules) ? rules : []).filter((r) => get(r, 'action') === 'Allow')
    .flatMap((r) => (Array.isArray(get(r, 'principal', 'clientCIDRs')) ? get(r, 'principal', 'clientCIDRs') as string[] : []));
}
