import { Testing } from 'cdktf';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/config/repo-root';
import { REQUIRED_TERRAFORM_VERSION } from '../../src/gcp/stacks/gcp-stack';
import { STACK_KINDS as STACK_IDS } from '../../src/config/environment-names';
import { names } from '../../src/config/names';
import { stackIds } from '../../src/gcp/app';
import { GATEWAY_ADDRESS_OUTPUT, localStateFile } from '../../src/gcp/state-location';
import { BASE_YAML, KEY_MODE_YAML, allStrings, config, synthAll, type Synthesized } from './fixtures';

Testing.setupJest();

const local = config(BASE_YAML);
const remote = config(KEY_MODE_YAML);
let withoutBucket: Synthesized;
let withBucket: Synthesized;

beforeAll(() => {
  withoutBucket = synthAll(local);
  withBucket = synthAll(remote);
});

const stackNames = (s: Synthesized) => s.app.node.children.map((c) => c.node.id);

describe('app', () => {
  test('stack ids are fixed, in deploy order, state only with a bucket', () => {
    expect(STACK_IDS).toEqual(['state', 'platform', 'addons', 'dns-records']);
    expect(stackIds(local)).toEqual(['platform', 'addons', 'dns-records']);
    expect(stackIds(remote)).toEqual(['state', 'platform', 'addons', 'dns-records']);
    expect(stackNames(withoutBucket)).toEqual(stackIds(local));
    expect(stackNames(withBucket)).toEqual(stackIds(remote));
  });

  test('every stack configures the Google provider for the project and region', () => {
    for (const s of [withoutBucket, withBucket]) {
      for (const stack of Object.values(s.json)) {
        expect(stack.provider.google).toEqual([{ project: 'wti-ai-platform', region: 'us-central1' }]);
      }
    }
  });

  test('without a bucket: local state, one file per stack, in a folder of the project and cluster', () => {
    for (const [id, stack] of Object.entries(withoutBucket.json)) {
      expect(stack.terraform.backend).toEqual({ local: { path: `../../../terraform-state/wti-ai-platform/wti-ai-autopilot/${id}.tfstate` } });
    }
  });

  test('the local platform state and its output are where `npm run verify` reads the reserved address', () => {
    const platform = withoutBucket.json.platform;
    // Terraform runs in cdktf.out/stacks/<id>/ (cdktf.json output folder).
    const stateFile = path.resolve(REPO_ROOT, 'cdktf.out', 'stacks', 'platform', platform.terraform.backend.local.path);
    expect(stateFile).toBe(path.join(REPO_ROOT, localStateFile(names(local), 'platform')));
    expect(Object.keys(platform.output)).toContain(GATEWAY_ADDRESS_OUTPUT);
  });

  test('with a bucket: GCS with a distinct prefix per stack; the state stack itself stays local', () => {
    const prefixes: string[] = [];
    for (const [id, stack] of Object.entries(withBucket.json)) {
      if (id === 'state') {
        expect(stack.terraform.backend).toEqual({ local: { path: '../../../terraform-state/wti-ai-platform/wti-ai-autopilot/state.tfstate' } });
        continue;
      }
      expect(stack.terraform.backend.gcs).toEqual({ bucket: 'wti-ai-tfstate', prefix: `wti-ai-autopilot/${id}` });
      prefixes.push(stack.terraform.backend.gcs.prefix);
    }
    expect(new Set(prefixes).size).toBe(3);
  });

  test('the state bucket is versioned, uniform, never public, never force-destroyed', () => {
    expect(withBucket.text.state).toMatchSnapshot();
    expect(withBucket.text.state).toHaveResourceWithProperties(StorageBucket, {
      name: 'wti-ai-tfstate',
      location: 'US-CENTRAL1',
      versioning: { enabled: true },
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      force_destroy: false,
    });
  });

  test('stack dependencies: addons and dns-records after platform, platform after state', () => {
    const deps = (s: Synthesized, id: string) => (s.app.node.findChild(id) as any).dependencies.map((d: any) => d.node.id);
    expect(deps(withoutBucket, 'addons')).toEqual(['platform']);
    expect(deps(withoutBucket, 'dns-records')).toEqual(['platform']);
    expect(deps(withoutBucket, 'platform')).toEqual([]);
    expect(deps(withBucket, 'platform')).toEqual(['state']);
  });

  test('synthesis is deterministic', () => {
    const again = synthAll(local);
    expect(again.text).toEqual(withoutBucket.text);
  });

  describe.each(['config/default.yaml', ...fs.readdirSync(path.join(REPO_ROOT, 'config/examples')).map((f) => `config/examples/${f}`)])('every stack of %s', (file) => {
    // Synthesized by the first of the two tests that needs it.
    let synthesized: [string, any][] | undefined;
    const stacks = () => (synthesized ??= Object.entries(synthAll(config(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))).json));

    test('requires Terraform 1.0 or later and uses no language feature newer than that', () => {
      expect(REQUIRED_TERRAFORM_VERSION).toBe('>= 1.0');
      for (const [, stack] of stacks()) {
        expect(stack.terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
        // moved (1.1), import (1.5), check (1.5), removed (1.7) would each raise the minimum.
        expect(Object.keys(stack).filter((k) => !['//', 'terraform', 'provider', 'resource', 'data', 'output'].includes(k))).toEqual([]);
        for (const body of Object.values<any>(stack.resource ?? {}).flatMap((byName) => Object.values<any>(byName))) {
          // precondition/postcondition and replace_triggered_by came with 1.2.
          expect(Object.keys(body.lifecycle ?? {}).filter((k) => !['create_before_destroy', 'prevent_destroy', 'ignore_changes'].includes(k))).toEqual([]);
        }
        // Provider-defined functions came with 1.8.
        expect(allStrings(stack).filter((v) => v.includes('provider::'))).toEqual([]);
      }
    });

    test('describes every output', () => {
      for (const [id, stack] of stacks()) {
        for (const [name, output] of Object.entries<any>(stack.output ?? {})) {
          expect([id, name, typeof output.description === 'string' && output.description.length > 10]).toEqual([id, name, true]);
        }
      }
    });
  });
});
