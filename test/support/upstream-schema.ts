/**
 * Checks synthesized Kubernetes objects against their UPSTREAM schemas, the way a real API server would.
 *
 * - Core Kubernetes kinds: the `kubernetes-models` class for the apiVersion/kind.
 * - cert-manager.io / acme.cert-manager.io: the `@kubernetes-models/cert-manager` class AND the pinned CRD.
 * - gateway.networking.k8s.io, gateway.envoyproxy.io: the pinned upstream CRD (see CRD_ONLY_GROUPS).
 *
 * "The pinned upstream CRD" means, as the API server does it: served version, metadata basics, schema
 * defaults applied, the structural `openAPIV3Schema` (via ajv, unknown fields rejected as with
 * `kubectl apply`'s strict field validation), `x-kubernetes-list-type` map/set uniqueness, and every
 * `x-kubernetes-validations` CEL rule (evaluated with @bufbuild/cel) at the node where it is declared.
 * Transition rules (those using `oldSelf`) only apply on update and are skipped. A rule that cannot be
 * evaluated is reported as a problem, never passed silently.
 *
 * The pinned CRDs are the repository's `crds/` (derived by `npm run crds:update`, digests in crds/index.json);
 * `$UPSTREAM_CRDS` may name another folder of CRD files (e.g. the raw upstream ones).
 * Everything is loaded lazily and cached per kind/version; nothing happens at import time.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { celEnv, isCelError, parse as celParse, plan as celPlan, type CelEnv } from '@bufbuild/cel';
import { strings as celStrings } from '@bufbuild/cel/ext';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** A (structural) OpenAPI v3 schema node as found in a CRD. */
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  default?: Json;
  nullable?: boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minimum?: number;
  maximum?: number;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: CelRule[];
  [k: string]: unknown;
}

interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
  optionalOldSelf?: boolean;
}

interface CrdVersion {
  name: string;
  served: boolean;
  schema?: { openAPIV3Schema?: Schema };
}

interface Crd {
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string };
    versions: CrdVersion[];
  };
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where the pinned upstream CRDs are: `$UPSTREAM_CRDS`, else the repository's `crds/`. */
export function upstreamCrdsDir(): string {
  return process.env.UPSTREAM_CRDS || path.join(REPO_ROOT, 'crds');
}

// ---------------------------------------------------------------------------------------------------
// Public API

/**
 * Problems a real API server (and the controller decoding the object) would have with `obj`, one
 * human-readable line each (`Kind/name: path: message`). Empty when the object is valid.
 * Throws when the pinned CRD directory is missing and `obj` needs it.
 */
export async function upstreamProblems(obj: object): Promise<string[]> {
  const o = obj as JsonObject;
  const key = `${String(o.apiVersion)}/${String(o.kind)}`;
  if (firstValidationMs.has(key)) return problemsOf(o);
  const t0 = performance.now();
  const result = await problemsOf(o);
  firstValidationMs.set(key, Math.round(performance.now() - t0));
  return result;
}

const firstValidationMs = new Map<string, number>();

/**
 * Milliseconds the first validation of each apiVersion/kind took (loading the npm model, parsing the
 * CRD file, compiling its schema and CEL rules): the one-time cost a test suite pays per kind.
 */
export function firstValidationTimings(): Record<string, number> {
  return Object.fromEntries(firstValidationMs);
}

async function problemsOf(o: JsonObject): Promise<string[]> {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const meta = isObject(o.metadata) ? o.metadata : undefined;
  const label = `${kind || '<no kind>'}/${typeof meta?.name === 'string' ? meta.name : '<no name>'}`;
  if (!apiVersion || !kind) return [`${label}: apiVersion and kind are required`];
  const { group, version } = splitApiVersion(apiVersion);

  const model = NPM_MODEL_GROUPS[group] ?? (CRD_ONLY_GROUPS.has(group) ? undefined : 'kubernetes-models');
  const crdGroup = CRD_GROUPS.has(group);

  let checked = false;
  let modelProblems: string[] = [];
  const problems: string[] = [];
  if (model) {
    const found = await npmModelProblems(model, group, version, kind, o);
    if (found) {
      checked = true;
      modelProblems = found;
      if (!crdGroup) problems.push(...coreMetadataProblems(kind, group, meta));
    }
  }
  if (crdGroup) {
    const crd = crdFor(group, kind);
    if (!crd) {
      // The pinned CRDs are what the cluster gets installed: a kind outside them cannot be applied,
      // whatever the npm model says (e.g. experimental-channel Gateway API kinds).
      checked = false;
      modelProblems = [];
    } else {
      checked = true;
      const crdLines = crdProblems(crd, version, o);
      // The npm model repeating what the pinned CRD already says adds nothing; its other findings stay.
      modelProblems = modelProblems.filter((p) => !crdLines.includes(p));
      problems.push(...crdLines);
    }
  }
  if (!checked) {
    problems.push(`no upstream schema for ${apiVersion} ${kind}${crdGroup ? ' (no pinned CRD defines it)' : ''}`);
  }
  const lines = [...modelProblems.map((p) => `${p} (${model})`), ...problems];
  return [...new Set(lines)].map((p) => `${label}: ${p}`);
}

/** Jest helper: fails with every problem of every object listed. */
export async function expectUpstreamValid(objs: readonly object[]): Promise<void> {
  const all: string[] = [];
  for (const obj of objs) all.push(...(await upstreamProblems(obj)));
  if (all.length > 0) {
    throw new Error(`objects rejected by upstream schemas:\n  ${all.join('\n  ')}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// npm model packages (kubernetes-models, @kubernetes-models/*): precompiled ajv validators

const NPM_MODEL_GROUPS: Record<string, string> = {
  'cert-manager.io': '@kubernetes-models/cert-manager',
  'acme.cert-manager.io': '@kubernetes-models/cert-manager',
};
/** Groups validated by pinned CRDs. */
const CRD_GROUPS = new Set(['gateway.networking.k8s.io', 'cert-manager.io', 'acme.cert-manager.io', 'gateway.envoyproxy.io']);
/**
 * Groups checked by their pinned CRD alone. Envoy Gateway has no npm model package; Gateway API's
 * (@kubernetes-models/gateway-api 2.x) requires Node 22, and the pinned v1.6.1 CRD with its CEL rules
 * is the exact schema the API server enforces, so it adds nothing the CRD check lacks.
 */
const CRD_ONLY_GROUPS = new Set(['gateway.networking.k8s.io', 'gateway.envoyproxy.io']);

interface ModelClass {
  apiVersion?: string;
  kind?: string;
  new (data: object): { validate(): void };
}

const modelCache = new Map<string, Promise<ModelClass | undefined>>();

function loadModel(pkg: string, group: string, version: string, kind: string): Promise<ModelClass | undefined> {
  const dir = group ? `${group}/${version}` : version;
  const key = `${pkg}/${dir}/${kind}`;
  let hit = modelCache.get(key);
  if (!hit) {
    hit = (async () => {
      const safe = /^[A-Za-z0-9.-]+$/;
      if (![group || 'core', version, kind].every((s) => safe.test(s))) return undefined;
      if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', pkg, dir, `${kind}.js`))) return undefined;
      const mod = (await import(`${pkg}/${dir}/${kind}`)) as Record<string, unknown>;
      const cls = mod[kind] as ModelClass | undefined;
      // Only top-level resources carry apiVersion/kind (v1/Container.js exists too, and is no resource).
      const apiVersion = group ? `${group}/${version}` : version;
      return cls && cls.apiVersion === apiVersion && cls.kind === kind ? cls : undefined;
    })();
    modelCache.set(key, hit);
  }
  return hit;
}

/** undefined: the package has no class for this apiVersion/kind. */
async function npmModelProblems(
  pkg: string,
  group: string,
  version: string,
  kind: string,
  obj: JsonObject,
): Promise<string[] | undefined> {
  const cls = await loadModel(pkg, group, version, kind);
  if (!cls) return undefined;
  try {
    new cls(obj).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: ErrorObject[] }).errors;
    if (Array.isArray(errors)) return errors.map(formatAjvError);
    return [(e as Error).message];
  }
}

// Cluster-scoped kinds among the core API groups (everything else there is namespaced).
const CLUSTER_SCOPED_CORE = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass', 'scheduling.k8s.io/PriorityClass',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
]);
// Kinds whose names must be DNS-1123 labels rather than subdomains.
const LABEL_NAMED_CORE = new Set(['/Namespace', '/Service']);

function coreMetadataProblems(kind: string, group: string, meta: JsonObject | undefined): string[] {
  const key = `${group}/${kind}`;
  return metadataProblems(meta, CLUSTER_SCOPED_CORE.has(key) ? 'Cluster' : 'Namespaced', LABEL_NAMED_CORE.has(key));
}

// ---------------------------------------------------------------------------------------------------
// Metadata basics (what the API server checks on ObjectMeta for any kind)

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function qualifiedKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return 'prefix must be a DNS-1123 subdomain';
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return 'name part must be a qualified name of at most 63 characters';
  return undefined;
}

function metadataProblems(meta: JsonObject | undefined, scope: 'Namespaced' | 'Cluster', labelName = false): string[] {
  const out: string[] = [];
  if (!meta) return ['metadata: required'];
  const name = meta.name;
  if (typeof name !== 'string' || name === '') {
    if (typeof meta.generateName !== 'string') out.push('metadata.name: required');
  } else if (labelName ? name.length > 63 || !DNS1123_LABEL.test(name) : name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    out.push(`metadata.name: "${name}" must be a lowercase RFC 1123 ${labelName ? 'label' : 'subdomain'}`);
  }
  if (scope === 'Cluster' && meta.namespace !== undefined) {
    out.push(`metadata.namespace: must not be set on a cluster-scoped kind`);
  } else if (scope === 'Namespaced' && meta.namespace !== undefined) {
    if (typeof meta.namespace !== 'string' || meta.namespace.length > 63 || !DNS1123_LABEL.test(meta.namespace)) {
      out.push(`metadata.namespace: must be a DNS-1123 label`);
    }
  }
  for (const field of ['labels', 'annotations'] as const) {
    const m = meta[field];
    if (m === undefined) continue;
    if (!isObject(m)) {
      out.push(`metadata.${field}: must be a map of strings`);
      continue;
    }
    for (const [k, v] of Object.entries(m)) {
      const p = qualifiedKeyProblem(k);
      if (p) out.push(`metadata.${field}[${k}]: invalid key: ${p}`);
      if (typeof v !== 'string') out.push(`metadata.${field}[${k}]: value must be a string`);
      else if (field === 'labels' && (v.length > 63 || !LABEL_VALUE.test(v))) out.push(`metadata.labels[${k}]: invalid label value "${v}"`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Pinned CRDs: index, lazy parse, compiled validators

interface CrdIndexEntry {
  file: string;
  crd?: Crd;
}

let crdIndex: Map<string, CrdIndexEntry> | undefined;

/** `group/kind` -> file, found by a cheap text scan (no YAML parse) of every CRD file. */
function indexCrds(): Map<string, CrdIndexEntry> {
  if (crdIndex) return crdIndex;
  const dir = upstreamCrdsDir();
  if (!fs.existsSync(dir)) {
    throw new Error(
      `upstream CRDs not found at ${dir}: restore the repository's crds/ (git checkout -- crds) or ` +
        `set UPSTREAM_CRDS to a folder of pinned CRDs; CRD-based checks cannot run without them`,
    );
  }
  const index = new Map<string, CrdIndexEntry>();
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  for (const file of files.sort()) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/^kind:\s*CustomResourceDefinition\s*$/m.test(text)) continue;
    const group = /^ {2}group:\s*(\S+)\s*$/m.exec(text)?.[1];
    const kind = /^ {2}names:\s*\n(?: {4}.*\n)*? {4}kind:\s*(\S+)\s*$/m.exec(text)?.[1];
    if (group && kind) index.set(`${group}/${kind}`, { file });
  }
  if (index.size === 0) throw new Error(`no CustomResourceDefinition found under ${dir}`);
  crdIndex = index;
  return index;
}

function crdFor(group: string, kind: string): Crd | undefined {
  const entry = indexCrds().get(`${group}/${kind}`);
  if (!entry) return undefined;
  if (!entry.crd) {
    for (const crd of parseCrdFile(entry.file)) {
      if (crd?.spec?.names?.kind === kind && crd.spec.group === group) entry.crd = crd;
    }
    if (!entry.crd) throw new Error(`${entry.file}: no CRD for ${group}/${kind}`);
  }
  return entry.crd;
}

/**
 * Every document of a CRD file. YAML parsing is the slow part (~0.4 s for the 1.4 MB envoyproxies
 * CRD, paid again by every test file since Jest isolates modules per file), so the parsed form is
 * kept as JSON in node_modules/.cache (where tools keep caches), keyed by the file's path, size and
 * mtime; JSON.parse takes ~15 ms.
 * The cache is only an accelerator: any trouble with it falls back to parsing the YAML.
 */
function parseCrdFile(file: string): Crd[] {
  const stat = fs.statSync(file);
  const id = createHash('sha256').update(`${path.resolve(file)}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 24);
  const cacheFile = path.join(REPO_ROOT, 'node_modules', '.cache', 'upstream-schema', `${path.basename(file)}.${id}.json`);
  try {
    return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Crd[];
  } catch {
    // not cached yet (or unreadable): parse below
  }
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const crds: Crd[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    const crd = doc.toJS({ maxAliasCount: -1 }) as Crd | null;
    if (crd) crds.push(crd);
  }
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(crds));
    fs.renameSync(tmp, cacheFile); // atomic: parallel Jest workers never read a half-written file
  } catch {
    // a read-only temp dir only costs speed
  }
  return crds;
}

/**
 * The formats the pinned CRDs use, with the meaning the API server (or, for int32/int64, the Go
 * controller decoding the field) gives them. Any other format is dropped from the schema before
 * compiling: accepted, never a crash, and never stricter than the API server's own format checks.
 */
const KUBE_FORMATS = {
  'date-time': fullFormats['date-time'],
  byte: fullFormats.byte,
  ipv4: fullFormats.ipv4,
  ipv6: fullFormats.ipv6,
  int32: fullFormats.int32,
  int64: fullFormats.int64,
};

let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  if (!ajvInstance) {
    ajvInstance = new Ajv({
      allErrors: true,
      strict: false,
      logger: false,
      formats: KUBE_FORMATS,
    });
  }
  return ajvInstance;
}

/** Kubernetes structural schema -> JSON Schema draft-07 for ajv. */
function toJsonSchema(s: Schema, root = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const copy = [
    'enum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
    'minProperties', 'maxProperties', 'multipleOf', 'required',
  ];
  for (const k of copy) if (s[k] !== undefined) out[k] = s[k];
  if (typeof s.format === 'string') {
    if (s.format in KUBE_FORMATS) out.format = s.format;
  }
  // OpenAPI 3.0 boolean exclusive bounds -> draft-07 numeric ones.
  if (s.minimum !== undefined) {
    if (s.exclusiveMinimum === true) out.exclusiveMinimum = s.minimum;
    else out.minimum = s.minimum;
  }
  if (s.maximum !== undefined) {
    if (s.exclusiveMaximum === true) out.exclusiveMaximum = s.maximum;
    else out.maximum = s.maximum;
  }
  let types: string[] | undefined = s.type ? [s.type] : undefined;
  if (s['x-kubernetes-int-or-string']) types = ['integer', 'string'];
  if (types && s.nullable) types = [...types, 'null'];
  if (s.nullable && Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  if (types) out.type = types.length === 1 ? types[0] : types;

  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true || s['x-kubernetes-embedded-resource'] === true;
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, root && k === 'metadata' ? {} : toJsonSchema(v)]),
    );
  }
  if (s.additionalProperties !== undefined) {
    out.additionalProperties = typeof s.additionalProperties === 'boolean' ? s.additionalProperties : toJsonSchema(s.additionalProperties);
  } else if (s.type === 'object' && !preserve) {
    // Unknown fields: the API server prunes them, and `kubectl apply` (strict field validation) rejects them.
    out.additionalProperties = false;
  }
  if (root && s.properties) {
    // apiVersion/kind/metadata are always allowed at the root.
    const props = out.properties as Record<string, unknown>;
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
    props.metadata = { type: 'object' };
  }
  if (s.items) out.items = toJsonSchema(s.items);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (s[k]) out[k] = s[k]!.map((x) => toJsonSchema(x));
  }
  if (s.not) out.not = toJsonSchema(s.not);
  return out;
}

type JsonSchema = Record<string, unknown> | boolean;

interface CompiledVersion {
  schema: Schema;
  jsonSchema: Record<string, unknown>;
  /** Validators for the schema pruned to an object's shape, keyed by the pruned schema. */
  validators: Map<string, ValidateFunction>;
}
const compiled = new Map<string, CompiledVersion>();

function compiledVersion(crd: Crd, v: CrdVersion): CompiledVersion | undefined {
  const key = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
  let hit = compiled.get(key);
  if (!hit) {
    const schema = v.schema?.openAPIV3Schema;
    if (!schema) return undefined;
    hit = { schema, jsonSchema: toJsonSchema(schema, true), validators: new Map() };
    compiled.set(key, hit);
  }
  return hit;
}

/**
 * The schema with every subschema that no part of `values` reaches replaced by `true`.
 *
 * Validating `values` against it gives exactly the result of validating against the whole schema
 * (a subschema only ever runs on a value that is present; property names stay listed, so unknown
 * fields are still caught), but ajv compiles only what the object uses: a Gateway API or Envoy
 * Gateway CRD compiles in milliseconds instead of a second (EnvoyProxy embeds most of a PodSpec).
 */
function prune(s: JsonSchema, values: Json[]): JsonSchema {
  if (typeof s === 'boolean') return s;
  if (values.length === 0) return true;
  const out: Record<string, unknown> = { ...s };
  const objects = values.filter(isObject);
  const props = s.properties as Record<string, JsonSchema> | undefined;
  if (props) {
    out.properties = Object.fromEntries(
      Object.entries(props).map(([k, sub]) => [k, prune(sub, objects.map((o) => o[k]).filter((x) => x !== undefined))]),
    );
  }
  if (typeof s.additionalProperties === 'object') {
    const extra = objects.flatMap((o) => Object.entries(o).filter(([k]) => !props?.[k]).map(([, x]) => x));
    out.additionalProperties = prune(s.additionalProperties as JsonSchema, extra);
  }
  if (s.items !== undefined) {
    out.items = prune(s.items as JsonSchema, values.filter(Array.isArray).flat());
  }
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[k])) out[k] = (s[k] as JsonSchema[]).map((sub) => prune(sub, values));
  }
  if (s.not !== undefined) out.not = prune(s.not as JsonSchema, values);
  return out;
}

function validatorFor(cv: CompiledVersion, value: Json): ValidateFunction {
  const pruned = prune(cv.jsonSchema, [value]);
  const key = JSON.stringify(pruned);
  let validate = cv.validators.get(key);
  if (!validate) {
    validate = ajv().compile(pruned as Record<string, unknown>);
    cv.validators.set(key, validate);
  }
  return validate;
}

function crdProblems(crd: Crd, version: string, obj: JsonObject): string[] {
  const v = crd.spec.versions.find((x) => x.name === version);
  if (!v) {
    return [`apiVersion ${crd.spec.group}/${version} is not a version of the CRD (has ${crd.spec.versions.map((x) => x.name).join(', ')})`];
  }
  if (!v.served) return [`apiVersion ${crd.spec.group}/${version} is not served by the CRD`];
  const problems = metadataProblems(isObject(obj.metadata) ? obj.metadata : undefined, crd.spec.scope);
  const cv = compiledVersion(crd, v);
  if (!cv) return [...problems, `CRD version ${version} has no openAPIV3Schema`];

  // The API server defaults first, then validates the defaulted object.
  const value = structuredClone(obj) as JsonObject;
  applyDefaults(cv.schema, value);
  const validate = validatorFor(cv, value);
  const schemaOk = validate(value);
  if (!schemaOk) problems.push(...(validate.errors ?? []).map(formatAjvError));
  const extra: string[] = [];
  walkSchema(cv.schema, value, [], extra, !schemaOk);
  problems.push(...extra);
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Defaulting (structural schema `default`s, applied where the field is absent)

function applyDefaults(s: Schema, value: Json): void {
  if (Array.isArray(value)) {
    if (s.items) for (const el of value) applyDefaults(s.items, el);
    return;
  }
  if (!isObject(value)) return;
  if (s.properties) {
    for (const [k, ps] of Object.entries(s.properties)) {
      if (value[k] === undefined && ps.default !== undefined) value[k] = structuredClone(ps.default);
      if (value[k] !== undefined) applyDefaults(ps, value[k]);
    }
  }
  if (typeof s.additionalProperties === 'object') {
    for (const k of Object.keys(value)) if (!s.properties?.[k]) applyDefaults(s.additionalProperties, value[k]);
  }
}

// ---------------------------------------------------------------------------------------------------
// CEL rules and list-type uniqueness

let env: CelEnv | undefined;
function cel(): CelEnv {
  // Kubernetes' CEL environment = the CEL standard library + cel-go's strings extension
  // (lowerAscii, upperAscii, split, indexOf, ...), which @bufbuild/cel ships, + Kubernetes' own
  // libraries (ip/cidr/url/quantity/format/list helpers). The pinned CRDs use none of the latter;
  // a rule that needs one shows up as "cannot evaluate rule", never as a pass.
  env ??= celEnv({ funcs: celStrings });
  return env;
}

type Program = (ctx: { self: unknown }) => unknown;
const programs = new Map<string, Program | Error>();

function program(rule: string): Program | Error {
  let p = programs.get(rule);
  if (!p) {
    try {
      p = celPlan(cel(), celParse(rule)) as Program;
    } catch (e) {
      p = e instanceof Error ? e : new Error(String(e));
    }
    programs.set(rule, p);
  }
  return p;
}

/**
 * Every `x-kubernetes-validations` rule of every pinned CRD that this module could not evaluate on
 * any object: syntax it cannot parse, or functions its CEL environment lacks (e.g. a Kubernetes
 * library function such as `isIP` or `quantity`). Transition rules (`oldSelf`) are left out.
 */
export function unevaluableCelRules(): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const entry of indexCrds().values()) {
    for (const crd of parseCrdFile(entry.file)) {
      for (const v of crd.spec?.versions ?? []) {
        visitRules(v.schema?.openAPIV3Schema, (r) => {
          if (/\boldSelf\b/.test(r.rule) || seen.has(r.rule)) return;
          seen.add(r.rule);
          const where = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
          const p = program(r.rule);
          if (p instanceof Error) {
            out.push(`${where}: ${r.rule} (${p.message})`);
            return;
          }
          const missing = calledFunctions(r.rule).filter((f) => !cel().funcs.find(f));
          if (missing.length > 0) out.push(`${where}: ${r.rule} (no function ${missing.join(', ')})`);
        });
      }
    }
  }
  return out;
}

function visitRules(s: Schema | undefined, f: (r: CelRule) => void): void {
  if (!s) return;
  for (const r of s['x-kubernetes-validations'] ?? []) f(r);
  for (const sub of Object.values(s.properties ?? {})) visitRules(sub, f);
  if (typeof s.additionalProperties === 'object') visitRules(s.additionalProperties, f);
  visitRules(s.items, f);
}

/** Named functions and methods a rule calls (operators and macros are the evaluator's own). */
function calledFunctions(rule: string): string[] {
  const names = new Set<string>();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const kind = (n as { exprKind?: { case?: string; value?: { function?: string } } }).exprKind;
    if (kind?.case === 'callExpr' && kind.value?.function && /^[A-Za-z]/.test(kind.value.function)) names.add(kind.value.function);
    for (const v of Object.values(n)) visit(v);
  };
  visit(celParse(rule).expr); // the expression with macros expanded (not sourceInfo's macro calls)
  return [...names];
}

/** Kubernetes' escaping of property names for CEL (`namespace` -> `__namespace__`, `-` -> `__dash__`, ...). */
const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);
function celPropertyName(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name
    .replace(/__/g, '__underscores__')
    .replace(/\./g, '__dot__')
    .replace(/-/g, '__dash__')
    .replace(/\//g, '__slash__');
}

/** JSON value -> CEL value typed by the schema (integers as CEL int, objects as maps, escaped names). */
function toCel(value: Json, s: Schema | undefined): unknown {
  if (value === null) return null;
  if (typeof value === 'number') {
    if (s?.type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((el) => toCel(el, s?.items));
  const m = new Map<string, unknown>();
  const preserve = !s || s['x-kubernetes-preserve-unknown-fields'] === true || (!s.properties && !s.additionalProperties);
  for (const [k, v] of Object.entries(value)) {
    const ps = s?.properties?.[k];
    if (ps) {
      const name = celPropertyName(k);
      if (name !== undefined) m.set(name, toCel(v, ps));
    } else if (s && typeof s.additionalProperties === 'object') {
      m.set(k, toCel(v, s.additionalProperties));
    } else if (preserve || s?.additionalProperties === true) {
      m.set(k, toCel(v, undefined));
    }
  }
  return m;
}

function formatPath(segs: (string | number)[]): string {
  let out = '';
  for (const s of segs) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${s}]`;
  }
  return out || '<root>';
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function walkSchema(s: Schema, value: Json | undefined, at: (string | number)[], out: string[], schemaFailed: boolean): void {
  if (value === undefined || value === null) return;
  const where = formatPath(at);

  for (const r of s['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(r.rule)) continue; // transition rule: only applies on update
    const msg = r.message || `failed rule: ${r.rule}`;
    const fieldWhere = r.fieldPath ? `${where === '<root>' ? '' : where}${r.fieldPath}`.replace(/^\./, '') : where;
    const p = program(r.rule);
    if (p instanceof Error) {
      out.push(`${where}: cannot evaluate rule: ${r.rule} (${p.message})`);
      continue;
    }
    let result: unknown;
    try {
      result = p({ self: toCel(value, s) });
    } catch (e) {
      result = e instanceof Error ? e : new Error(String(e));
    }
    if (result === true) continue;
    if (result === false) {
      out.push(`${fieldWhere}: ${msg}`);
      continue;
    }
    const why = isCelError(result) || result instanceof Error ? (result as Error).message : `result ${String(result)} is not a bool`;
    const missing = /^(?:field not found|no such key): (.*)$/.exec(why);
    if (missing) {
      // Selecting an absent field is an evaluation error, and the API server rejects the object with
      // it: `spec.listeners[0].tls: Invalid value: "object": no such key: certificateRefs evaluating rule: <message>`.
      out.push(`${where}: no such key: ${missing[1]} evaluating rule: ${msg}`);
    } else if (!schemaFailed) {
      // Other evaluation errors on an object that already fails its schema are noise: that is reported.
      out.push(`${where}: cannot evaluate rule: ${r.rule} (${why})`);
    }
  }

  if (Array.isArray(value)) {
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set') {
      const seen = new Set<string>();
      value.forEach((el, i) => {
        const c = canonical(el);
        if (seen.has(c)) out.push(`${formatPath([...at, i])}: duplicate value ${c} in a list of type set`);
        seen.add(c);
      });
    } else if (listType === 'map' && s['x-kubernetes-list-map-keys']) {
      const keys = s['x-kubernetes-list-map-keys'];
      const seen = new Set<string>();
      value.forEach((el, i) => {
        if (!isObject(el)) return;
        const c = canonical(keys.map((k) => el[k] ?? null));
        if (seen.has(c)) out.push(`${formatPath([...at, i])}: duplicate entry for key (${keys.join(', ')}) = ${c}`);
        seen.add(c);
      });
    }
    if (s.items) value.forEach((el, i) => walkSchema(s.items!, el, [...at, i], out, schemaFailed));
    return;
  }
  if (!isObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const ps = s.properties?.[k];
    if (ps) walkSchema(ps, v, [...at, k], out, schemaFailed);
    else if (typeof s.additionalProperties === 'object') walkSchema(s.additionalProperties, v, [...at, k], out, schemaFailed);
  }
}

// ---------------------------------------------------------------------------------------------------
// helpers

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function formatAjvError(e: ErrorObject): string {
  const segs = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') {
    return `${formatPath([...segs, String(params.additionalProperty)])}: unknown field "${String(params.additionalProperty)}"`;
  }
  if (e.keyword === 'required') {
    return `${formatPath([...segs, String(params.missingProperty)])}: required`;
  }
  if (e.keyword === 'enum') {
    return `${formatPath(segs)}: ${e.message} ${JSON.stringify(params.allowedValues)}`;
  }
  return `${formatPath(segs)}: ${e.message}`;
}
