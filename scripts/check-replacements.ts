// `npm run check:replacements`: checks src/diff/force-replacement.ts against the real provider.
// For each case: a resource from a base configuration is planned into a prior state (the planned
// values plus an id, computed attributes left null, as -refresh=false never reads them), then the
// changed configuration is planned with `terraform plan -refresh=false -json`; its
// resource_changes[].change.actions and replace_paths must match what `npm run diff` predicts.
//
// Providers: from the registry, or from a filesystem mirror when TF_PROVIDER_MIRROR (default
// ~/.cache/tf-mirror) holds registry.terraform.io/hashicorp/google/<version>/<os_arch>/.
// No credentials are needed: the provider gets a dummy access token and no API is called.
// Exit 0: every case matches; 1: a mismatch (named); 3: it could not run here (one line, why).
//   --record DIR   also write each case's plan, trimmed, to DIR/<case>.json (test fixtures)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPLACEMENT_CASES, predict, providerVersion, type ReplacementCase } from '../src/diff/replacement-cases';

interface ResourceSchema {
  readonly version: number;
  readonly block: { attributes?: Record<string, { type?: unknown }>; block_types?: Record<string, { nesting_mode: string }> };
}

interface PlannedChange {
  readonly address: string;
  readonly change: { readonly actions: string[]; readonly replace_paths?: unknown[][] };
  /** Attributes whose planned value differs from the prior state (or is unknown), for messages. */
  readonly changed?: string[];
  /** The other resources' planned actions, where not no-op. */
  readonly others?: string[];
}

const terraform = process.env.TERRAFORM_BINARY_NAME || 'terraform';
const mirror = process.env.TF_PROVIDER_MIRROR ?? path.join(homedir(), '.cache', 'tf-mirror');

function run(dir: string, args: string[], env: NodeJS.ProcessEnv): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync(terraform, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr: result.stderr ?? result.error?.message ?? '' };
}

function cannotRun(why: string): never {
  process.stdout.write(`check:replacements: cannot run here: ${why}\n`);
  process.exit(3);
}

/** The Terraform configuration of one side of a case: the provider pinned, the resource `r` and those beside it. */
function configuration(c: ReplacementCase, side: 'base' | 'head'): string {
  const resource: Record<string, Record<string, unknown>> = { [c.type]: { r: c[side] } };
  for (const o of c.beside ?? []) if (o[side]) (resource[o.type] ??= {})[o.name] = o[side];
  return `${JSON.stringify({
    terraform: { required_providers: { google: { source: 'hashicorp/google', version: providerVersion('google') } } },
    provider: { google: { project: 'check-project', region: 'us-central1', access_token: 'not-a-token' } },
    resource,
  }, null, 2)}\n`;
}

function main(): void {
  const record = process.argv.indexOf('--record') > 0 ? path.resolve(process.argv[process.argv.indexOf('--record') + 1]) : undefined;
  const work = mkdtempSync(path.join(tmpdir(), 'check-replacements-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
  const google = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'google', providerVersion('google'));
  const mirrored = existsSync(google) && readdirSync(google).some((platform) => readdirSync(path.join(google, platform)).length > 0);
  // A CLI config the user has wins; one named but absent (a default in some images) does not count.
  if (mirrored && !(process.env.TF_CLI_CONFIG_FILE && existsSync(process.env.TF_CLI_CONFIG_FILE))) {
    const cli = path.join(work, 'terraformrc');
    writeFileSync(cli, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/google"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/google"]\n  }\n}\n`);
    env.TF_CLI_CONFIG_FILE = cli;
  }
  try {
    const version = run(work, ['version', '-json'], env);
    if (!version.ok) cannotRun(`${terraform} is not installed (${version.stderr.trim().split('\n')[0]})`);
    const dir = path.join(work, 'plan');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'main.tf.json'), configuration(REPLACEMENT_CASES[0], 'base'));
    const init = run(dir, ['init', '-input=false', '-no-color'], env);
    if (!init.ok) {
      cannotRun(`terraform init found no google provider ${providerVersion('google')} (no registry access and no mirror in ${mirror}): ${init.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? init.stderr.trim().split('\n')[0]}`);
    }
    const schemas = JSON.parse(run(dir, ['providers', 'schema', '-json'], env).stdout) as { provider_schemas: Record<string, { resource_schemas: Record<string, ResourceSchema> }> };
    const resourceSchemas = Object.values(schemas.provider_schemas)[0].resource_schemas;
    let failures = 0;
    for (const c of REPLACEMENT_CASES) {
      if (c.skip) {
        process.stdout.write(`skip  ${c.name}: ${c.skip}\n`);
        continue;
      }
      const planned = planCase(dir, c, env, resourceSchemas);
      const expected = predict(c);
      const got = { actions: planned.change.actions, replacePaths: (planned.change.replace_paths ?? []).map((p) => p.filter((s) => typeof s === 'string').join('.')).sort() };
      const ok = JSON.stringify(got.actions) === JSON.stringify(expected.actions) && JSON.stringify(got.replacePaths) === JSON.stringify(expected.replacePaths);
      process.stdout.write(`${ok ? 'ok   ' : 'FAIL '} ${c.name}: terraform ${JSON.stringify(got)}${ok ? '' : `, npm run diff predicts ${JSON.stringify(expected)}`}\n`);
      if (!ok) failures++;
      if (record) {
        mkdirSync(record, { recursive: true });
        const command = `terraform plan -refresh=false -json (google provider ${providerVersion('google')}, ${JSON.parse(version.stdout).terraform_version as string}) -out=head.plan, then terraform show -json head.plan; recorded by npm run check:replacements -- --record test/diff/fixtures/plans`;
        writeFileSync(path.join(record, `${c.name}.json`), `${JSON.stringify({ command, case: c.name, resource_changes: [{ address: planned.address, change: planned.change }] }, null, 2)}\n`);
      }
    }
    const checked = REPLACEMENT_CASES.filter((c) => !c.skip).length;
    process.stdout.write(`${checked - failures} of ${checked} checked cases as predicted (${REPLACEMENT_CASES.length - checked} skipped)\n`);
    process.exitCode = failures > 0 ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Plans the base configuration into a prior state, then plans the changed one against it. */
/**
 * What an apply leaves for attributes the base plan did not know: empty collections (a null list
 * would differ from the provider's empty one); scalars stay null, which SDKv2 reads as unset.
 */
function emptyCollections(schema: ResourceSchema | undefined): Record<string, unknown> {
  const empty: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(schema?.block.attributes ?? {})) {
    const kind = Array.isArray(attribute.type) ? attribute.type[0] : undefined;
    if (kind === 'list' || kind === 'set') empty[name] = [];
    if (kind === 'map') empty[name] = {};
  }
  for (const [name, block] of Object.entries(schema?.block.block_types ?? {})) {
    if (block.nesting_mode === 'list' || block.nesting_mode === 'set') empty[name] = [];
  }
  return empty;
}

function planCase(dir: string, c: ReplacementCase, env: NodeJS.ProcessEnv, schemas: Record<string, ResourceSchema>): PlannedChange {
  const state = path.join(dir, 'terraform.tfstate');
  rmSync(state, { force: true });
  writeFileSync(path.join(dir, 'main.tf.json'), configuration(c, 'base'));
  const base = run(dir, ['plan', '-refresh=false', '-input=false', '-no-color', '-out=base.plan'], env);
  if (!base.ok) throw new Error(`${c.name}: the base configuration does not plan:\n${base.stderr}`);
  const shown = JSON.parse(run(dir, ['show', '-json', 'base.plan'], env).stdout) as { planned_values: { root_module: { resources: { type: string; name: string; values: Record<string, unknown> }[] } } };
  const idOf = (type: string, name: string) => (type === c.type && name === 'r' ? c.id : c.beside?.find((o) => o.type === type && o.name === name)?.id);
  writeFileSync(state, JSON.stringify({
    version: 4, terraform_version: '1.5.0', serial: 1, lineage: 'check-replacements', outputs: {},
    resources: shown.planned_values.root_module.resources.map(({ type, name, values }) => ({
      mode: 'managed', type, name, provider: 'provider["registry.terraform.io/hashicorp/google"]',
      instances: [{ schema_version: schemas[type]?.version ?? 0, attributes: { ...emptyCollections(schemas[type]), ...values, id: idOf(type, name) }, sensitive_attributes: [] }],
    })),
  }));
  // The base against its own state must be a no-op, or the prior state is not what an apply leaves.
  const same = planJson(dir, env, c);
  if (same.change.actions.join() !== 'no-op' || same.others?.length) {
    throw new Error(`${c.name}: the base configuration is not a no-op against its prior state: ${JSON.stringify(same.change)} (${same.changed?.join(', ')}) ${same.others?.join(', ') ?? ''}`);
  }
  writeFileSync(path.join(dir, 'main.tf.json'), configuration(c, 'head'));
  return planJson(dir, env, c);
}

/** `terraform plan -refresh=false -json` into a saved plan, read back with `terraform show -json` (which has replace_paths). */
function planJson(dir: string, env: NodeJS.ProcessEnv, c: ReplacementCase): PlannedChange {
  const plan = run(dir, ['plan', '-refresh=false', '-input=false', '-no-color', '-json', '-out=head.plan'], env);
  if (!plan.ok) {
    const errors = plan.stdout.split('\n').filter((l) => l.includes('"@level":"error"')).map((l) => (JSON.parse(l) as { '@message': string })['@message']);
    throw new Error(`${c.name}: terraform plan failed: ${errors.join('; ') || plan.stderr}`);
  }
  const shown = JSON.parse(run(dir, ['show', '-json', 'head.plan'], env).stdout) as { resource_changes: (PlannedChange & { change: { before?: Record<string, unknown>; after?: Record<string, unknown>; after_unknown?: Record<string, unknown> } })[] };
  const others = shown.resource_changes.filter((r) => r.address !== `${c.type}.r` && r.change.actions.join() !== 'no-op').map((r) => `${r.address} ${r.change.actions.join('+')}`);
  const change = shown.resource_changes.find((r) => r.address === `${c.type}.r`)!;
  const { before = {}, after = {}, after_unknown: unknown = {} } = change.change;
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) || unknown[k] === true).sort();
  return { address: change.address, change: { actions: change.change.actions, ...(change.change.replace_paths ? { replace_paths: change.change.replace_paths } : {}) }, changed, others };
}

try {
  main();
} catch (error) {
  process.stderr.write(`check:replacements: ${(error as Error).message}\n`);
  process.exit(1);
}
